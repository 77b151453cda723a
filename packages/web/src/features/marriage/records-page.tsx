import { PrinterOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Checkbox,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
  message,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { ApiError, api, errorText } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { useDivision } from '../../app/division-context';
import { formatDate } from '../../app/format';
import { openPrintable } from '../../app/print-document';
import { ListPage, choiceFilter, textFilter, useListPage } from '../../app/list-page';
import { useSubmit } from '../../app/use-submit';
import {
  crossBorderLabels,
  kindLabels,
  marriageApi,
  marriageUrls,
  statusColors,
  statusLabels,
  type MarriageViewDto,
  type RefusalReasonDto,
} from './marriage.api';
import { MarriageNav } from './marriage-nav';
import { useWorkingRegistry } from './use-registry';

const filters = {
  q: textFilter({ label: '关键字', placeholder: '姓名、身份证号或证书字号', width: 260 }),
  status: choiceFilter(statusLabels, { label: '状态', width: 150 }),
};

/** Both parties' resident ids as presented at the desk (当事人持证申请). */
interface PresentedParties {
  husbandResidentId: string;
  wifeResidentId: string;
}

/**
 * What a write names: the record (a marriage of the registrar's own area, picked from the list) or the
 * ids both parties present — the way to serve a couple whose marriage was registered elsewhere.
 */
function marriageReference(marriage: MarriageViewDto, parties?: PresentedParties) {
  return parties ? { parties } : { marriageId: marriage.id };
}

function DivorceDialog({
  marriage,
  parties,
  registryId,
  onClose,
}: {
  marriage: MarriageViewDto;
  parties?: PresentedParties;
  registryId: string;
  onClose: () => void;
}) {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; reasons?: RefusalReasonDto[]; refusalId?: string }>();
  const party = {
    presentInPerson: false,
    identityDocument: false,
    hukouBooklet: false,
    civilCapacity: 'full',
  };
  return (
    <Modal
      open
      width={640}
      title={`受理离婚登记申请：${marriage.husband.name} 与 ${marriage.wife.name}`}
      okText="受理并打印回执单"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() =>
        void form.validateFields().then(async (values: Record<string, unknown>) => {
          setBusy(true);
          setError(undefined);
          try {
            const d = await marriageApi.applyDivorce({
              ...marriageReference(marriage, parties),
              registryId,
              ...values,
            });
            void message.success(`已受理，冷静期至 ${d.withdrawalEndsOn}`);
            openPrintable(marriageUrls.divorcePdf(d.id, 'receipt'), '受理回执单');
            onClose();
          } catch (e) {
            if (e instanceof ApiError && e.code === 'DIVORCE_NOT_ACCEPTED') {
              setError({
                text: '不予受理',
                reasons: e.details.reasons as RefusalReasonDto[],
                refusalId: e.details.refusalId as string,
              });
            } else setError({ text: errorText(e) });
          } finally {
            setBusy(false);
          }
        })
      }
    >
      {error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={error.text}
          description={
            error.reasons && (
              <>
                <ol style={{ paddingLeft: 20, margin: 0 }}>
                  {error.reasons.map((r) => (
                    <li key={`${r.code}${r.party ?? ''}`}>{r.message}</li>
                  ))}
                </ol>
                {error.refusalId && (
                  <Button
                    size="small"
                    style={{ marginTop: 8 }}
                    href={marriageUrls.refusalPdf(error.refusalId)}
                    target="_blank"
                  >
                    打印不予受理告知书
                  </Button>
                )}
              </>
            )
          }
        />
      )}
      <Form
        form={form}
        layout="vertical"
        name="divorce-apply"
        initialValues={{
          husband: party,
          wife: party,
          marriageCertificates: 'both',
          agreement: {
            signed: false,
            voluntary: false,
            hasMinorChildren: false,
            childArrangements: false,
            propertyArrangements: false,
            debtArrangements: false,
          },
        }}
      >
        {(['husband', 'wife'] as const).map((role) => (
          <Space key={role} wrap>
            <Typography.Text strong>{role === 'husband' ? '男方' : '女方'}</Typography.Text>
            <Form.Item name={[role, 'presentInPerson']} valuePropName="checked" noStyle>
              <Checkbox>本人到场</Checkbox>
            </Form.Item>
            <Form.Item name={[role, 'identityDocument']} valuePropName="checked" noStyle>
              <Checkbox>身份证件</Checkbox>
            </Form.Item>
            <Form.Item name={[role, 'hukouBooklet']} valuePropName="checked" noStyle>
              <Checkbox>户口簿（2025-05-10 前）</Checkbox>
            </Form.Item>
            <Form.Item name={[role, 'civilCapacity']} noStyle>
              <Select
                style={{ width: 170 }}
                options={[
                  { value: 'full', label: '完全民事行为能力' },
                  { value: 'limited', label: '限制民事行为能力' },
                  { value: 'none', label: '无民事行为能力' },
                ]}
              />
            </Form.Item>
          </Space>
        ))}
        <Form.Item name="marriageCertificates" label="结婚证" style={{ marginTop: 12 }}>
          <Radio.Group
            options={[
              { value: 'both', label: '双方结婚证' },
              { value: 'one_lost', label: '一本遗失：书面声明 + 另一本' },
              { value: 'both_lost', label: '均遗失：书面声明 + 查档专用章档案复印件' },
            ]}
          />
        </Form.Item>
        <Typography.Text strong>离婚协议书</Typography.Text>
        <div>
          {(
            [
              ['signed', '双方签署'],
              ['voluntary', '写明双方自愿离婚'],
              ['hasMinorChildren', '有未成年子女'],
              ['childArrangements', '子女抚养已协商一致'],
              ['propertyArrangements', '财产分割已协商一致'],
              ['debtArrangements', '债务处理已协商一致'],
            ] as const
          ).map(([key, label]) => (
            <Form.Item key={key} name={['agreement', key]} valuePropName="checked" noStyle>
              <Checkbox>{label}</Checkbox>
            </Form.Item>
          ))}
        </div>
      </Form>
    </Modal>
  );
}

function ReissueDialog({
  marriage,
  parties,
  registryId,
  onClose,
}: {
  marriage: MarriageViewDto;
  parties?: PresentedParties;
  registryId: string;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{
    certificate: 'marriage' | 'divorce';
    applicant: string;
    archiveConfirmed: boolean;
  }>();
  const { busy, error, submit } = useSubmit();
  return (
    <Modal
      open
      title="补领婚姻登记证"
      okText="补发"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() =>
        void form.validateFields().then(async (values) => {
          await submit(async () => {
            const issued = await api.post<{
              id: string;
              certificateNo: string;
              insteadBecause: string | null;
            }>('/api/marriage/reissues', {
              ...marriageReference(marriage, parties),
              registryId,
              ...values,
            });
            if (issued.insteadBecause) void message.warning(issued.insteadBecause, 6);
            else void message.success(`已补发，证书字号 ${issued.certificateNo}`);
            openPrintable(
              `/api/marriage/reissues/${encodeURIComponent(issued.id)}/document.pdf`,
              issued.insteadBecause ? '婚姻登记记录证明' : '补发的证件',
            );
            onClose();
          });
        })
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="reissue"
        initialValues={{
          certificate: marriage.status === 'divorced' ? 'divorce' : 'marriage',
          applicant: 'both',
          archiveConfirmed: false,
        }}
      >
        <Form.Item name="certificate" label="补领证件">
          <Radio.Group
            options={[
              { value: 'marriage', label: '结婚证' },
              { value: 'divorce', label: '离婚证' },
            ]}
          />
        </Form.Item>
        <Form.Item name="applicant" label="申请人">
          <Radio.Group
            options={[
              { value: 'both', label: '双方' },
              { value: 'husband', label: '男方' },
              { value: 'wife', label: '女方' },
              { value: 'proxy', label: '受委托代理人' },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="archiveConfirmed"
          valuePropName="checked"
          extra="婚姻状况已变化的，不补发结婚证，出具婚姻登记记录证明"
        >
          <Checkbox>已查档核实登记档案</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

// The kernel's id parser carries the address-code history: it loads with the dialog, not the page.
const residentIdParser = () => import('@social-affairs/kernel/resident-id');

/** A resident id field of the parties' dialog, checked with the kernel's parser (the server's rules). */
function residentIdRules(label: string) {
  return [
    { required: true, whitespace: true, message: `请填写${label}的公民身份号码` },
    {
      validator: async (_: unknown, value: unknown) => {
        if (typeof value !== 'string' || value.trim() === '') return;
        const { parseResidentId } = await residentIdParser();
        parseResidentId(value); // throws the kernel's error, whose Chinese message shows under the field
      },
    },
  ];
}

/**
 * 当事人持证办理: the couple present both resident ids; the registry finds their marriage wherever it was
 * registered (the search is audited as 当事人持证申请) and shows it, then takes the divorce application
 * or re-issues the certificate from those ids — never from a record id outside the registrar's area.
 */
function PartiesDialog({
  onChoose,
  onClose,
}: {
  onChoose: (kind: 'divorce' | 'reissue', marriage: MarriageViewDto, parties: PresentedParties) => void;
  onClose: () => void;
}) {
  const [form] = Form.useForm<PresentedParties>();
  const { busy, error, submit } = useSubmit();
  const [found, setFound] = useState<{ parties: PresentedParties; marriages: MarriageViewDto[] }>();
  const search = () =>
    void form.validateFields().then(async (values) => {
      setFound(undefined);
      const parties = {
        husbandResidentId: values.husbandResidentId.trim().toUpperCase(),
        wifeResidentId: values.wifeResidentId.trim().toUpperCase(),
      };
      await submit(async () => {
        const marriages = await api.post<MarriageViewDto[]>('/api/marriage/marriages/by-parties', parties);
        setFound({ parties, marriages });
      });
    });
  return (
    <Modal open width={680} title="当事人持证办理（离婚登记、补领证件）" footer={null} onCancel={onClose}>
      <Typography.Paragraph type="secondary">
        请双方出示居民身份证，录入双方的公民身份号码查找其婚姻登记（不限登记地；查询记入审计日志）。
      </Typography.Paragraph>
      <Form form={form} layout="inline" name="parties-lookup" onFinish={search}>
        <Form.Item name="husbandResidentId" label="男方" validateFirst rules={residentIdRules('男方')}>
          <Input maxLength={18} autoComplete="off" className="resident-id" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="wifeResidentId" label="女方" validateFirst rules={residentIdRules('女方')}>
          <Input maxLength={18} autoComplete="off" className="resident-id" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            查找
          </Button>
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      {found?.marriages.map((m) => (
        <Alert
          key={m.id}
          type="info"
          style={{ marginTop: 12 }}
          title={`${m.husband.name}（${m.husband.residentIdMasked ?? ''}）与 ${m.wife.name}（${m.wife.residentIdMasked ?? ''}）`}
          description={
            <Space orientation="vertical" size={4}>
              <span>
                {formatDate(m.registeredOn)} 登记于{m.registryName}
                {m.certificateNo ? `，证书字号 ${m.certificateNo}` : ''}；
                <Tag color={statusColors[m.status]}>
                  {statusLabels[m.status]}
                  {m.endedOn ? ` ${m.endedOn}` : ''}
                </Tag>
              </span>
              <Space>
                {m.status === 'subsisting' && (
                  <Button size="small" onClick={() => onChoose('divorce', m, found.parties)}>
                    受理离婚
                  </Button>
                )}
                <Button size="small" onClick={() => onChoose('reissue', m, found.parties)}>
                  补领
                </Button>
              </Space>
            </Space>
          }
        />
      ))}
    </Modal>
  );
}

const groundOptions = {
  void: [
    { value: 'bigamy', label: '重婚' },
    { value: 'prohibited_kinship', label: '有禁止结婚的亲属关系' },
    { value: 'under_age', label: '未到法定婚龄' },
  ],
  annulled: [
    { value: 'coercion', label: '因胁迫结婚' },
    { value: 'concealed_illness', label: '婚前隐瞒重大疾病' },
  ],
};

/** 登记法院判决: the only way a record becomes void or annulled (the registry cannot decide it). */
function JudgmentDialog({ marriage, onClose }: { marriage: MarriageViewDto; onClose: () => void }) {
  const [form] = Form.useForm<{
    outcome: 'void' | 'annulled';
    ground: string;
    court: string;
    caseNumber: string;
    judgmentDate: string;
    effectiveDate: string;
  }>();
  const outcome = Form.useWatch('outcome', form) ?? 'void';
  const { busy, error, submit } = useSubmit();
  return (
    <Modal
      open
      title={`登记人民法院判决：${marriage.husband.name} 与 ${marriage.wife.name}`}
      okText="登记判决"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() =>
        void form.validateFields().then(async (values) => {
          await submit(async () => {
            const filed = await api.post<{ terminatedDivorceId: string | null }>(
              `/api/marriage/marriages/${encodeURIComponent(marriage.id)}/judgments`,
              values,
            );
            const done = values.outcome === 'void' ? '婚姻记录已标记为无效' : '婚姻记录已标记为撤销';
            void message.success(
              filed.terminatedDivorceId ? `${done}；处于冷静期的离婚登记申请已同时终止` : done,
            );
            onClose();
          });
        })
      }
    >
      <Typography.Paragraph type="secondary">
        收到人民法院确认婚姻无效或撤销婚姻的判决书副本后归档登记。受胁迫或隐瞒重大疾病请求撤销的，当事人须向人民法院起诉，登记机关不受理撤销申请。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name="judgment" initialValues={{ outcome: 'void' }}>
        <Form.Item name="outcome" label="判决结果">
          <Radio.Group
            options={[
              { value: 'void', label: '确认婚姻无效' },
              { value: 'annulled', label: '撤销婚姻' },
            ]}
            onChange={() => form.setFieldValue('ground', undefined)}
          />
        </Form.Item>
        <Form.Item name="ground" label="理由" rules={[{ required: true, message: '请选择理由' }]}>
          <Select options={groundOptions[outcome]} />
        </Form.Item>
        <Form.Item name="court" label="人民法院" rules={[{ required: true, message: '请填写法院' }]}>
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item name="caseNumber" label="案号" rules={[{ required: true, message: '请填写案号' }]}>
          <Input maxLength={80} placeholder="如（2026）湘0181民初1234号" />
        </Form.Item>
        <Form.Item
          name="judgmentDate"
          label="判决日期"
          rules={[
            { required: true, message: '请填写' },
            { pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式 YYYY-MM-DD' },
          ]}
        >
          <Input placeholder="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item
          name="effectiveDate"
          label="生效日期"
          rules={[
            { required: true, message: '请填写' },
            { pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式 YYYY-MM-DD' },
          ]}
        >
          <Input placeholder="YYYY-MM-DD" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 婚姻登记档案: search by name, id or certificate number; masked ids; print, divorce, re-issue. */
export function MarriageRecordsPage() {
  const { current } = useDivision();
  const { hasPermission } = useAuth();
  const canWrite = hasPermission('marriage:write');
  const { registry } = useWorkingRegistry();
  const list = useListPage({
    filters,
    // Sorted by the server (names in pinyin order), kept in the URL; default: newest registration first.
    sortKeys: ['registeredOn', 'certificateNo', 'husbandName', 'wifeName', 'status'],
    load: (query, signal) => marriageApi.marriages(query, signal),
  });
  const [dialog, setDialog] = useState<{
    kind: 'divorce' | 'reissue' | 'judgment';
    marriage: MarriageViewDto;
    /** Set when the couple presented their ids (当事人持证办理): the write names them, not the record. */
    parties?: PresentedParties;
  }>();
  const [partiesOpen, setPartiesOpen] = useState(false);

  const columns: TableColumnsType<MarriageViewDto> = [
    {
      title: '登记日期',
      key: 'registeredOn',
      dataIndex: 'registeredOn',
      sorter: true,
      render: (v: string) => formatDate(v),
    },
    {
      title: '证书字号',
      key: 'certificateNo',
      dataIndex: 'certificateNo',
      sorter: true,
      render: (v: string | null) => v ?? <Typography.Text type="secondary">无</Typography.Text>,
    },
    {
      title: '男方',
      key: 'husbandName',
      sorter: true,
      render: (_, m) => (
        <span>
          {m.husband.name} <span className="resident-id">{m.husband.residentIdMasked ?? ''}</span>
        </span>
      ),
    },
    {
      title: '女方',
      key: 'wifeName',
      sorter: true,
      render: (_, m) => (
        <span>
          {m.wife.name} <span className="resident-id">{m.wife.residentIdMasked ?? ''}</span>
        </span>
      ),
    },
    {
      title: '类别',
      render: (_, m) =>
        `${kindLabels[m.kind]}${m.crossBorder === 'mainland' ? '' : `·${crossBorderLabels[m.crossBorder]}`}`,
    },
    { title: '登记机关', dataIndex: 'registryName' },
    {
      title: '状态',
      key: 'status',
      sorter: true,
      render: (_, m) => (
        <Tag color={statusColors[m.status]}>
          {statusLabels[m.status]}
          {m.endedOn ? ` ${m.endedOn}` : ''}
        </Tag>
      ),
    },
    {
      title: '操作',
      fixed: 'right',
      render: (_, m) =>
        canWrite && (
          <Space size={4}>
            {m.status === 'subsisting' && m.certificateNo && (
              <Button
                size="small"
                icon={<PrinterOutlined />}
                href={marriageUrls.certificatePdf(m.id)}
                target="_blank"
              >
                结婚证
              </Button>
            )}
            {m.status === 'subsisting' && (
              <Button
                size="small"
                disabled={!registry}
                onClick={() => setDialog({ kind: 'divorce', marriage: m })}
              >
                受理离婚
              </Button>
            )}
            <Button
              size="small"
              disabled={!registry}
              onClick={() => setDialog({ kind: 'reissue', marriage: m })}
            >
              补领
            </Button>
            {m.status !== 'void' && m.status !== 'annulled' && (
              <Button size="small" onClick={() => setDialog({ kind: 'judgment', marriage: m })}>
                法院判决
              </Button>
            )}
          </Space>
        ),
    },
  ];

  return (
    <ListPage
      list={list}
      title="婚姻登记档案"
      exportHref={marriageUrls.exportMarriages(list.exportQuery)}
      actions={
        canWrite && (
          <Button disabled={!registry} onClick={() => setPartiesOpen(true)}>
            当事人持证办理
          </Button>
        )
      }
      nav={<MarriageNav />}
      filterName="marriage-filters"
      breadcrumb
      errorTitle="档案加载失败"
      rowKey="id"
      columns={columns}
      empty={
        list.filtered
          ? '没有符合条件的登记记录。请核对姓名、身份证号或证书字号。'
          : `${current.name}暂无婚姻登记记录。历史档案可通过“历史补录”导入。`
      }
    >
      {dialog?.kind === 'divorce' && registry && (
        <DivorceDialog
          marriage={dialog.marriage}
          parties={dialog.parties}
          registryId={registry.id}
          onClose={() => {
            setDialog(undefined);
            list.reload();
          }}
        />
      )}
      {partiesOpen && registry && (
        <PartiesDialog
          onClose={() => setPartiesOpen(false)}
          onChoose={(kind, marriage, parties) => {
            setPartiesOpen(false);
            setDialog({ kind, marriage, parties });
          }}
        />
      )}
      {dialog?.kind === 'judgment' && (
        <JudgmentDialog
          marriage={dialog.marriage}
          onClose={() => {
            setDialog(undefined);
            list.reload();
          }}
        />
      )}
      {dialog?.kind === 'reissue' && registry && (
        <ReissueDialog
          marriage={dialog.marriage}
          parties={dialog.parties}
          registryId={registry.id}
          onClose={() => {
            setDialog(undefined);
            list.reload();
          }}
        />
      )}
    </ListPage>
  );
}
