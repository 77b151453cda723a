import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
  message,
} from 'antd';
import { useState } from 'react';
import { errorText } from '../../app/api-client';
import { emptyLocale } from '../../app/empty-state';
import { applyServerError } from '../../app/form-errors';
import { useAuth } from '../../app/auth-context';
import { formatDate, formatDateTime } from '../../app/format';
import { PersonPicker } from '../../app/person-picker';
import { useApi } from '../../app/use-api';
import { useSubmit } from '../../app/use-submit';
import type { CaseSection, CaseSectionProps } from './case-sections';
import { IntakePhotos } from './intake-photos';
import {
  capacityLabels,
  caseStatusLabels,
  conditionLabels,
  identityColors,
  identityLabels,
  intakeApi,
  referralLabels,
  securityLabels,
  sexLabels,
  situationLabels,
  type RescueCaseViewDto,
} from './intake.api';
import { StayTags } from './residents-page';
import { caseDisplayName } from './rescue-format';

const OPEN = new Set(['in_station', 'placed', 'in_hospital']);
const dash = (v: string | number | null | undefined) =>
  v === null || v === undefined || v === '' ? '—' : String(v);

function BelongingDialog({ caseId, onClose }: { caseId: string; onClose: (changed: boolean) => void }) {
  const [form] = Form.useForm();
  const { busy, error, submit } = useSubmit();
  return (
    <Modal
      open
      title="补充登记物品"
      okText="登记"
      confirmLoading={busy}
      onCancel={() => onClose(false)}
      onOk={() =>
        void form.validateFields().then((v: Record<string, unknown>) =>
          submit(async () => {
            try {
              await intakeApi.addBelonging(caseId, v);
              onClose(true);
            } catch (e) {
              if (applyServerError(form, e) !== undefined) throw e;
            }
          }),
        )
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name="rescue-belonging" initialValues={{ quantity: 1 }}>
        <Form.Item
          name="item"
          label="物品名称"
          rules={[{ required: true, whitespace: true, message: '请填写物品名称' }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="quantity" label="数量">
          <InputNumber min={1} max={9999} />
        </Form.Item>
        <Form.Item name="description" label="说明">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="identityDocument" valuePropName="checked" noStyle>
          <Checkbox>身份证件</Checkbox>
        </Form.Item>
        <Form.Item
          name="safekeepingConsent"
          valuePropName="checked"
          extra="身份证件只能在本人自愿时交站保管，不得扣留"
        >
          <Checkbox>本人自愿交站保管</Checkbox>
        </Form.Item>
        <Form.Item name="consentNote" label="见证/说明">
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function IdentifyDialog({ c, onClose }: { c: RescueCaseViewDto; onClose: (changed: boolean) => void }) {
  const [personId, setPersonId] = useState<string>();
  const [reason, setReason] = useState('');
  const { busy, error, submit } = useSubmit();
  return (
    <Modal
      open
      width={760}
      title="认定受助人员身份"
      okText="提请人员合并审核"
      okButtonProps={{ disabled: !personId || reason.trim().length < 2 }}
      confirmLoading={busy}
      onCancel={() => onClose(false)}
      onOk={() =>
        void submit(async () => {
          await intakeApi.identify(c.id, { personId: personId!, reason });
          void message.success('已提请人员合并，由县级审核人员决定；批准后案件随之关联。');
          onClose(true);
        })
      }
    >
      <Typography.Paragraph type="secondary">
        在人员索引中找到此人后，提请把本案件的“身份不明”记录合并到该人员记录，由县级审核人员决定，不会直接改动。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <PersonPicker
        scope={c.divisionCode.slice(0, 6)}
        sex={c.sex}
        initialQuery={c.nameGiven ?? ''}
        label="查找人员"
        selectedId={personId}
        onSelect={(p) => setPersonId(p.id)}
        emptyText={(q) => `未找到“${q}”。请换用姓名、拼音或公民身份号码查找。`}
      />
      <Input.TextArea
        style={{ marginTop: 12 }}
        rows={2}
        maxLength={200}
        placeholder="认定依据（如：指纹比对一致、亲属辨认）"
        aria-label="认定依据"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
    </Modal>
  );
}

/** 基本信息: the case's facts, intake record, belongings register, photos and referral records. */
function IntakeSection(props: CaseSectionProps) {
  const { caseId, revision } = props;
  const { hasPermission } = useAuth();
  const [dialog, setDialog] = useState<'belonging' | 'identify'>();
  // The page's read of the case when it has one; otherwise (used elsewhere) its own read.
  const own = useApi((signal) => intakeApi.getCase(caseId, signal), [caseId, revision], !props.view);
  const c = props.view ?? own.data;
  const { error, loading } = own;
  if (error) return <Alert type="error" showIcon title="案件加载失败" description={errorText(error)} />;
  if (!c) return loading ? <Spin /> : null;
  const canWrite = hasPermission('rescue:write') && OPEN.has(c.status);
  const i = c.intake;
  const close = (changed: boolean) => {
    setDialog(undefined);
    if (changed) {
      // The page reads the case again on onChanged; a section reading it itself reloads its own copy.
      if (!props.view) own.reload();
      props.onChanged();
    }
  };
  const conditions = i
    ? Object.entries(conditionLabels).filter(([k]) => i.conditions[k as keyof typeof i.conditions])
    : [];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Flex gap={8} align="center" wrap>
            <span>{c.caseNo}</span>
            <Tag color={identityColors[c.identityStatus]}>{identityLabels[c.identityStatus]}</Tag>
            <Tag>{caseStatusLabels[c.status]}</Tag>
            <StayTags r={c.stay} />
          </Flex>
        }
        extra={
          canWrite &&
          c.identityStatus !== 'identified' && (
            <Button onClick={() => setDialog('identify')} disabled={!!i?.identificationMergeId}>
              {i?.identificationMergeId ? '已提请身份认定' : '认定身份'}
            </Button>
          )
        }
      >
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label="姓名">
            {c.nameGiven ?? caseDisplayName(c.personName, c.caseNo)}
          </Descriptions.Item>
          <Descriptions.Item label="性别">{sexLabels[c.sex]}</Descriptions.Item>
          <Descriptions.Item label="年龄">
            {c.stay.age === null ? '不详' : `${c.stay.age}岁`}
            {c.birthDate ? `（${formatDate(c.birthDate)}）` : c.estimatedAge !== null ? '（估计）' : ''}
          </Descriptions.Item>
          <Descriptions.Item label="公民身份号码">
            <span className="resident-id">{c.residentIdMasked ?? '无'}</span>
          </Descriptions.Item>
          <Descriptions.Item label="民事行为能力">{capacityLabels[c.civilCapacity]}</Descriptions.Item>
          <Descriptions.Item label="精神/智力障碍迹象">
            {c.mentalSigns ? '有（不适用10天期限）' : '无'}
          </Descriptions.Item>
          <Descriptions.Item label="救助管理站">{c.stationName}</Descriptions.Item>
          <Descriptions.Item label="入站时间">{formatDateTime(c.enteredAt).slice(0, 16)}</Descriptions.Item>
          <Descriptions.Item label="在站天数">
            {c.stay.daysInCare} 天
            {c.stay.stayLimitExceededFrom
              ? `（${formatDate(c.stay.stayLimitExceededFrom)} 起超过在站期限）`
              : '（不适用10天期限）'}
          </Descriptions.Item>
          <Descriptions.Item label="宿舍">{dash(c.dormitoryName)}</Descriptions.Item>
          <Descriptions.Item label="来站方式">{referralLabels[c.referralSource]}</Descriptions.Item>
          <Descriptions.Item label="发现地点与日期">
            {dash(c.foundPlace)} {c.foundOn ? formatDate(c.foundOn) : ''}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="体貌特征（寻亲公告用）" size="small">
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label="身高">{c.heightCm ? `${c.heightCm} 厘米` : '—'}</Descriptions.Item>
          <Descriptions.Item label="健康状况">{dash(c.health)}</Descriptions.Item>
          <Descriptions.Item label="智力状况">{dash(c.intellect)}</Descriptions.Item>
          <Descriptions.Item label="精神状态">{dash(c.mentalState)}</Descriptions.Item>
          <Descriptions.Item label="体貌特征">{dash(c.features)}</Descriptions.Item>
          <Descriptions.Item label="衣着">{dash(c.clothing)}</Descriptions.Item>
        </Descriptions>
      </Card>
      {i && (
        <Card title="求助登记与转介" size="small">
          {i.handoverScanMissing && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title="公安机关护送：交接表扫描件尚未上传，请在下方“照片、指纹与交接表”中上传。"
            />
          )}
          {i.minorAtEntry && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title="未成年人：请安排教育或职业培训并评估家庭监护情况。"
            />
          )}
          <Descriptions column={{ xs: 1, sm: 2 }} size="small">
            <Descriptions.Item label="个人情况">
              {i.eligibility.information === 'given'
                ? '如实提供'
                : i.eligibility.information === 'cannot_give'
                  ? '无法提供（先救助、后核实）'
                  : '拒不提供'}
            </Descriptions.Item>
            <Descriptions.Item label="求助情形">
              {i.eligibility.situation ? situationLabels[i.eligibility.situation] : '未能询问'}
            </Descriptions.Item>
            <Descriptions.Item label="户籍地、居住地">{dash(i.hukouAddress)}</Descriptions.Item>
            <Descriptions.Item label="近亲属联系方式">{dash(i.relativesContact)}</Descriptions.Item>
            <Descriptions.Item label="流浪原因和经过" span={2}>
              {dash(i.vagrancyReason)}
            </Descriptions.Item>
            {c.referralSource === 'police' && (
              <Descriptions.Item label="公安交接" span={2}>
                {i.policeUnit} {i.policeOfficer}，{formatDateTime(i.handoverAt).slice(0, 16)}
              </Descriptions.Item>
            )}
            <Descriptions.Item label="安全检查">
              {securityLabels[i.securityCheck]}
              {i.securityNote ? `：${i.securityNote}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="入站时发现">
              {conditions.length ? conditions.map(([, l]) => l).join('、') : '无'}
            </Descriptions.Item>
            {i.medicalReferralTo && <Descriptions.Item label="送医">{i.medicalReferralTo}</Descriptions.Item>}
            {i.policeReferralTo && (
              <Descriptions.Item label="移交公安">{i.policeReferralTo}</Descriptions.Item>
            )}
            <Descriptions.Item label="负责工作人员">
              {i.caseworkerName}（{sexLabels[i.caseworkerSex]}）
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Card
        title="物品与证件登记"
        size="small"
        extra={canWrite && <Button onClick={() => setDialog('belonging')}>补充登记</Button>}
      >
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={c.belongings}
          locale={emptyLocale('未登记物品')}
          columns={[
            { title: '物品', dataIndex: 'item' },
            { title: '数量', dataIndex: 'quantity' },
            { title: '说明', render: (_, b) => dash(b.description) },
            {
              title: '证件',
              render: (_, b) => (b.identityDocument ? <Tag color="blue">身份证件·本人自愿保管</Tag> : ''),
            },
            { title: '登记时间', render: (_, b) => formatDateTime(b.recordedAt).slice(0, 16) },
            {
              title: '归还',
              render: (_, b) => (b.returnedAt ? formatDateTime(b.returnedAt).slice(0, 16) : '未归还'),
            },
          ]}
        />
      </Card>
      <IntakePhotos caseId={c.id} readOnly={!canWrite} />
      {dialog === 'belonging' && <BelongingDialog caseId={c.id} onClose={close} />}
      {dialog === 'identify' && <IdentifyDialog c={c} onClose={close} />}
    </Space>
  );
}

/** The intake concern's sections of the case page (edited only by that concern). */
export const intakeCaseSections: CaseSection[] = [
  { key: 'intake', title: '基本信息', component: IntakeSection },
];
