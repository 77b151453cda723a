/**
 * The field dictionary of the funeral data exchange (殡葬数据交换, issue 17 item 10; ADR 0031,
 * docs/funeral-exchange.md): one entry per field of each entity, with its type, meaning, source table and
 * column, and the heading of MZ/T 141-2019 《殡葬管理服务信息系统数据共享和交换规范》 it maps to. We hold
 * the standard's table of contents only (sections 3.2.1–3.3.6), not its field tables: every field-level
 * mapping is ours (`inferred: true`); an entity heading is `inferred: false` only where the table of
 * contents names it. The export's sheets, columns and JSON keys are generated from this list, so the
 * document and the file cannot drift apart.
 */
import type { FuneralExchangeEntity } from '@social-affairs/kernel/contracts/funeral';

export const EXCHANGE_STANDARD = 'MZ/T 141-2019 殡葬管理服务信息系统数据共享和交换规范';
/** Version of our exchange format (ADR 0031); bumped when a field is renamed or removed. */
export const EXCHANGE_FORMAT_VERSION = '1';
/** The permission under which resident ids, phone numbers and id-bearing document numbers are exported in full. */
export const EXCHANGE_UNMASK_PERMISSION = 'people:reveal';

export type ExchangeValue = string | number | null;

export interface ExchangeField {
  field: string;
  label: string;
  type: 'string' | 'integer' | 'date' | 'datetime' | 'code' | 'boolean';
  meaning: string;
  source: string;
  /** Masked unless the exporter holds `people:reveal`. */
  personal?: boolean;
}

export interface ExchangeEntityDef {
  entity: FuneralExchangeEntity;
  label: string;
  /** The MZ/T 141-2019 heading (section number and name as in its table of contents, or ours). */
  standardHeading: string;
  /** True when the heading is not in the standard's table of contents as we have it. */
  headingInferred: boolean;
  fields: readonly ExchangeField[];
}

const f = (
  field: string,
  label: string,
  type: ExchangeField['type'],
  meaning: string,
  source: string,
  personal = false,
): ExchangeField => ({ field, label, type, meaning, source, ...(personal ? { personal } : {}) });

const CASE_NO = f('caseNo', '业务编号', 'string', '遗体档案编号（一体一档）', 'funeral_cases.case_no');

export const EXCHANGE_ENTITIES: readonly ExchangeEntityDef[] = [
  {
    entity: 'deceased',
    label: '逝者信息',
    standardHeading: '3.2.5 逝者/使用者信息交换 DeadInformation',
    headingInferred: false,
    fields: [
      CASE_NO,
      f('name', '姓名', 'string', '逝者姓名；无名遗体为“无名遗体N”', 'funeral_cases.name_given, people.name'),
      f('sex', '性别', 'code', 'GB/T 2261.1：1 男，2 女，0 未知', 'funeral_cases.sex'),
      f('residentId', '公民身份号码', 'string', '逝者公民身份号码；无名遗体为空', 'people.resident_id', true),
      f(
        'identityStatus',
        '身份状态',
        'code',
        'identified 已确认身份；unidentified 身份不明',
        'funeral_cases.identity_status',
      ),
      f('birthDate', '出生日期', 'date', 'YYYY-MM-DD', 'funeral_cases.birth_date'),
      f('estimatedAge', '估计年龄', 'integer', '身份不明时的估计年龄（岁）', 'funeral_cases.estimated_age'),
      f('hukouDivisionCode', '户籍地区划代码', 'code', 'GB/T 2260 县级代码', 'people.hukou_division_code'),
      f('deathDate', '死亡日期', 'date', '决定适用规则的日期（docs/funeral.md）', 'funeral_cases.death_date'),
      f('deathPlace', '死亡地点', 'string', '医院或地址', 'funeral_cases.death_place'),
      f(
        'deathDivisionCode',
        '死亡地区划代码',
        'code',
        '决定火葬区（R-FUN-01）和接运规则（R-FUN-04）',
        'funeral_cases.death_division_code',
      ),
      f(
        'deathManner',
        '死亡性质',
        'code',
        'natural 正常；unnatural 非正常；undetermined 待定',
        'funeral_cases.death_manner',
      ),
      f('unclaimed', '无人认领', 'boolean', '1 是，0 否', 'funeral_cases.unclaimed'),
      f(
        'payer',
        '费用承担方',
        'code',
        'family 家属；county_finance 县级财政（R-FUN-02）',
        'funeral_cases.payer',
      ),
      f(
        'disposition',
        '处置方式',
        'code',
        'cremation 火化；burial 土葬；transport_out 外运',
        'funeral_cases.disposition',
      ),
      f('step', '当前环节', 'code', '交接链当前环节（docs/funeral.md 交接链）', 'funeral_cases.step'),
      f('facilityId', '殡葬服务机构标识', 'string', '承办机构（= 机构标识）', 'funeral_cases.facility_id'),
      f('facilityName', '殡葬服务机构名称', 'string', '承办机构名称', 'funeral_facilities.name'),
      f(
        'divisionCode',
        '机构所在区划代码',
        'code',
        '承办机构的区划（数据范围）',
        'funeral_cases.division_code',
      ),
      f('bodyCode', '遗体码', 'string', '遗体标签条码', 'funeral_cases.body_code'),
      f('urnCode', '骨灰盒码', 'string', '火化后骨灰盒标签条码', 'funeral_cases.urn_code'),
      f('openedAt', '建档时间', 'datetime', 'ISO 8601 UTC', 'funeral_cases.created_at'),
      f(
        'closedAt',
        '办结时间',
        'datetime',
        '骨灰领取、寄存、安葬、外运或撤销的时间',
        'funeral_cases.closed_at',
      ),
    ],
  },
  {
    entity: 'agent',
    label: '承办人信息',
    standardHeading: '3.2.6 经办人信息交换 ContactInformation',
    headingInferred: false,
    fields: [
      CASE_NO,
      f('agentName', '经办人姓名', 'string', '办理丧事的家属或委托人', 'funeral_cases.agent_name'),
      f('agentPhone', '联系电话', 'string', '经办人手机号', 'funeral_cases.agent_phone', true),
      f('agentRelation', '与逝者关系', 'string', '如 子女、配偶', 'funeral_cases.agent_relation'),
    ],
  },
  {
    entity: 'facility',
    label: '殡葬服务机构',
    standardHeading: '3.2.4 殡葬设施数据交换 FuneralFacilityInformation（机构另见 3.2.2 InstitutionData）',
    headingInferred: false,
    fields: [
      f('facilityId', '机构标识', 'string', '平台机构登记标识', 'funeral_facilities.id'),
      f('name', '名称', 'string', '设施名称', 'funeral_facilities.name'),
      f(
        'kind',
        '设施类型',
        'code',
        'funeral_home 殡仪馆；crematorium 火葬场；service_station 殡仪服务站；columbarium 骨灰堂；cemetery_commercial 经营性公墓；cemetery_public_benefit 城市公益性公墓；rural_public_cemetery 农村公益性墓地',
        'funeral_facilities.kind',
      ),
      f(
        'divisionCode',
        '所在区划代码',
        'code',
        'GB/T 2260 县级或乡镇代码',
        'funeral_facilities.division_code',
      ),
      f(
        'villageCode',
        '服务村代码',
        'code',
        '农村公益性墓地服务的村（12 位统计用区划代码，R-FUN-06）',
        'funeral_facilities.village_code',
      ),
      f(
        'ownership',
        '举办性质',
        'code',
        'government 政府；public_institution 事业单位；private 民营；collective 集体',
        'funeral_facilities.ownership',
      ),
      f(
        'governmentInvested',
        '政府投资',
        'boolean',
        '1 是（收支两条线），0 否',
        'funeral_facilities.government_invested',
      ),
      f('address', '地址', 'string', '', 'funeral_facilities.address'),
      f('phone', '电话', 'string', '机构电话（非个人信息）', 'funeral_facilities.phone'),
      f('capacity', '容量', 'integer', '按设施类型计：冷藏位、格位、墓穴', 'funeral_facilities.capacity'),
      f(
        'approvedByLevel',
        '批准机关层级',
        'code',
        'R-FUN-05 审批层级',
        'funeral_facilities.approved_by_level',
      ),
      f('approvalDocNo', '批准文号', 'string', '', 'funeral_facilities.approval_doc_no'),
      f('approvedOn', '批准日期', 'date', '', 'funeral_facilities.approved_on'),
      f(
        'approvalValid',
        '审批有效',
        'boolean',
        '按 R-FUN-05 计算：1 有效，0 越级或缺审（不得开展业务）',
        'rules.facilityApproval（计算）',
      ),
      f('status', '状态', 'code', 'active 正常；suspended 暂停；closed 关闭', 'funeral_facilities.status'),
    ],
  },
  {
    entity: 'service',
    label: '殡葬服务记录',
    standardHeading: '服务记录（遗体接运、存放、告别、火化、骨灰安放、外运）：目录中未见对应标题，推定',
    headingInferred: true,
    fields: [
      CASE_NO,
      f(
        'step',
        '环节',
        'code',
        'collected 接运；in_storage 存放；farewell 告别；cremated 火化；ashes_released 骨灰领取；ashes_stored 骨灰寄存；buried 安葬；transported_out 外运；cancelled 撤销；ordered 接运单',
        'funeral_custody_events.step',
      ),
      f('at', '时间', 'datetime', 'ISO 8601 UTC', 'funeral_custody_events.at'),
      f('actor', '经办账号', 'string', '平台账号', 'funeral_custody_events.actor'),
      f('code', '扫描条码', 'string', '该环节扫描的遗体码或骨灰盒码', 'funeral_custody_events.code'),
      f(
        'place',
        '地点',
        'string',
        '冷藏位、告别厅、火化炉、格位、墓穴或目的地',
        'funeral_custody_events.place',
      ),
    ],
  },
  {
    entity: 'document',
    label: '证明材料',
    standardHeading: '服务记录所附证明（死亡证明、火化确认书等）：目录中未见对应标题，推定',
    headingInferred: true,
    fields: [
      CASE_NO,
      f(
        'kind',
        '材料类型',
        'code',
        'death_proof 死亡证明材料；death_certificate 居民死亡医学证明；cremation_confirmation 遗体火化确认书；forensic_clearance 法医鉴定；police_confirmation 公安确认；deceased_id_check / agent_id_check 身份核验；home_county_certificate / death_place_approval 外运证明；other 其他',
        'funeral_case_documents.kind',
      ),
      f(
        'number',
        '编号',
        'string',
        '2026-07-01 起居民死亡医学证明以公民身份号码为标识（脱敏规则同身份号码）',
        'funeral_case_documents.number',
        true,
      ),
      f('issuer', '出具单位', 'string', '', 'funeral_case_documents.issuer'),
      f('issuedOn', '出具日期', 'date', '决定死亡证明编号规则的日期', 'funeral_case_documents.issued_on'),
      f('status', '状态', 'code', 'valid 有效；revoked 已撤销', 'funeral_case_documents.status'),
      f('recordedAt', '登记时间', 'datetime', 'ISO 8601 UTC', 'funeral_case_documents.recorded_at'),
    ],
  },
  {
    entity: 'price',
    label: '收费明细',
    standardHeading: '3.3.6 价格……（目录在此截断，标题余下部分未见）',
    headingInferred: true,
    fields: [
      CASE_NO,
      f('billId', '收费单标识', 'string', '一张收费单（一个遗体档案可有多张）', 'funeral_bills.id'),
      f(
        'serviceDate',
        '服务日期',
        'date',
        '决定适用的价格目录和 2026 收费政策（R-FUN-10）',
        'funeral_bills.service_date',
      ),
      f(
        'billStatus',
        '收费单状态',
        'code',
        'open 未结；settled 已结算；paid 已收费；cancelled 已作废',
        'funeral_bills.status',
      ),
      f('facilityId', '收费机构标识', 'string', '', 'funeral_bills.facility_id'),
      f('itemCode', '项目编码', 'string', '价格目录中的项目编码', 'funeral_bill_lines.code'),
      f('itemName', '项目名称', 'string', '', 'funeral_bill_lines.name'),
      f(
        'category',
        '项目类别',
        'code',
        'basic 基本殡葬服务（政府指导价）；non_basic 非基本服务',
        'funeral_bill_lines.category',
      ),
      f('unit', '计价单位', 'string', '如 具、次、天', 'funeral_bill_lines.unit'),
      f('unitPriceFen', '单价（分）', 'integer', '人民币分', 'funeral_bill_lines.unit_price_fen'),
      f('quantity', '数量', 'integer', '', 'funeral_bill_lines.quantity'),
      f('amountFen', '金额（分）', 'integer', '单价 × 数量', 'funeral_bill_lines.amount_fen'),
      f('familyFen', '家属负担（分）', 'integer', '', 'funeral_bill_lines.family_fen'),
      f(
        'waivedFen',
        '减免金额（分）',
        'integer',
        '向县级申报结算的金额（R-FUN-09）',
        'funeral_bill_lines.waived_fen',
      ),
      f(
        'waiverReason',
        '减免原因',
        'code',
        'tekun 特困；dibao 低保；youfu 优抚；universal 全覆盖；unidentified 无名遗体；collection_free 免费接运',
        'funeral_bill_lines.waiver_reason',
      ),
      f('waiverBasis', '减免依据', 'string', '规则及其出处', 'funeral_bill_lines.waiver_basis'),
    ],
  },
  {
    entity: 'reservation',
    label: '祭扫预约',
    standardHeading: '3.2.7 预约服务信息交换 AppointmentServiceInformation',
    headingInferred: false,
    fields: [
      f('code', '预约码', 'string', '祭扫者持有的预约码（入园核验）', 'funeral_qingming_bookings.code'),
      f('facilityId', '公墓标识', 'string', '', 'funeral_qingming_bookings.facility_id'),
      f('divisionCode', '公墓所在区划代码', 'code', '', 'funeral_qingming_bookings.division_code'),
      f('date', '祭扫日期', 'date', '', 'funeral_qingming_bookings.date'),
      f('startsAt', '时段开始', 'string', 'HH:MM（北京时间）', 'funeral_qingming_slots.starts_at'),
      f('endsAt', '时段结束', 'string', 'HH:MM（北京时间）', 'funeral_qingming_slots.ends_at'),
      f(
        'channel',
        '预约渠道',
        'code',
        'online 网上；phone 电话（工作人员代约，R-FUN-12）',
        'funeral_qingming_bookings.channel',
      ),
      f('visitorName', '祭扫人姓名', 'string', '', 'funeral_qingming_bookings.visitor_name'),
      f(
        'phoneMasked',
        '联系电话（脱敏）',
        'string',
        '系统只存脱敏号码和密钥散列，任何权限均不导出完整号码',
        'funeral_qingming_bookings.phone_masked',
      ),
      f('partySize', '人数', 'integer', '', 'funeral_qingming_bookings.party_size'),
      f('deceasedName', '祭扫对象', 'string', '逝者姓名（选填）', 'funeral_qingming_bookings.deceased_name'),
      f('plotLabel', '墓位', 'string', '选填', 'funeral_qingming_bookings.plot_label'),
      f(
        'status',
        '状态',
        'code',
        'active 有效；checked_in 已入园；cancelled 已取消',
        'funeral_qingming_bookings.status',
      ),
      f('createdAt', '预约时间', 'datetime', 'ISO 8601 UTC', 'funeral_qingming_bookings.created_at'),
      f('checkedInAt', '入园时间', 'datetime', 'ISO 8601 UTC', 'funeral_qingming_bookings.checked_in_at'),
    ],
  },
  {
    entity: 'reform_area',
    label: '殡葬改革区域',
    standardHeading: '3.3.3 火化区/土葬改革区划分信息数据交换 AreaVeryInformation',
    headingInferred: false,
    fields: [
      f(
        'divisionCode',
        '区划代码',
        'code',
        '省、市、县或乡镇代码；最长前缀优先',
        'lines.funeral.zoneAreas[].divisionCode（配置）',
      ),
      f('divisionName', '区划名称', 'string', '', 'GB/T 2260（内置区划表）'),
      f(
        'zone',
        '区域类型',
        'code',
        'cremation 火葬区；burial_reform 土葬改革区（R-FUN-01）',
        'lines.funeral.zoneAreas[].zone / defaultZone',
      ),
      f('approvedBy', '批准机关', 'string', '县提出、市审核、省批准', 'lines.funeral.zoneAreas[].approvedBy'),
      f('basis', '依据', 'string', '文号或出处', 'lines.funeral.zoneAreas[].basis'),
      f('from', '起始日期', 'date', '此日及以后死亡的适用', 'lines.funeral.zoneAreas[].from'),
    ],
  },
];

export function exchangeEntity(entity: FuneralExchangeEntity): ExchangeEntityDef {
  return EXCHANGE_ENTITIES.find((e) => e.entity === entity)!;
}
