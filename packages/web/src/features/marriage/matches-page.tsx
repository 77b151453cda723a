import { UserAddOutlined, UserSwitchOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Modal,
  Popconfirm,
  Radio,
  Row,
  Select,
  Space,
  Tag,
  Typography,
  message,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import type { PersonSummary } from '../../api/types';
import { ApiError, errorText } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { useDivision } from '../../app/division-context';
import { formatDate, formatDateTime } from '../../app/format';
import { ListPage, dateRangeFilter, textFilter, useListPage } from '../../app/list-page';
import { PersonPicker } from '../../app/person-picker';
import { useApi } from '../../app/use-api';
import {
  crossBorderLabels,
  marriageApi,
  marriageUrls,
  statusLabels,
  type AwaitingMatchViewDto,
} from './marriage.api';
import { MarriageNav } from './marriage-nav';

type Role = 'husband' | 'wife';
type Party = AwaitingMatchViewDto['husband'];
const ROLE_LABEL: Record<Role, string> = { husband: '男方', wife: '女方' };

/** How the clerk identified one party: nothing yet, a person of the index, or a new person. */
type Choice = { mode: 'link'; person?: PersonSummary } | { mode: 'new' };

function PartyCell({ party }: { party: Party }) {
  return (
    <div>
      <div>{party.name}</div>
      {party.residentIdMasked ? (
        <span className="resident-id">{party.residentIdMasked}</span>
      ) : (
        <Space size={4} wrap>
          <Tag color="gold">无身份证号</Tag>
          <Typography.Text type="secondary">出生 {formatDate(party.birthDate)}</Typography.Text>
        </Space>
      )}
      {party.candidates.length > 0 && (
        <div>
          <Typography.Text type="secondary">系统建议 {party.candidates.length} 人</Typography.Text>
        </div>
      )}
    </div>
  );
}

/** One party of the row: link to a person found in the index (name or pinyin, same sex), or create one. */
function PartyPicker({
  role,
  party,
  choice,
  onChange,
  error,
  scope,
}: {
  role: Role;
  party: Party;
  choice: Choice;
  onChange: (c: Choice) => void;
  error?: string;
  scope: string;
}) {
  const label = ROLE_LABEL[role];
  const selected = choice.mode === 'link' ? choice.person?.id : undefined;
  const birthTag = (p: { birthDate: string | null }) =>
    !party.birthDate || !p.birthDate ? null : p.birthDate === party.birthDate ? (
      <Tag color="green">出生日期一致</Tag>
    ) : (
      <Tag color="orange">出生日期不同</Tag>
    );
  const candidateIds = new Set(party.candidates.map((c) => c.personId));
  const suggested: PersonSummary[] = party.candidates.map((c) => ({
    id: c.personId,
    residentIdMasked: c.residentIdMasked,
    name: c.name,
    namePinyin: '',
    sex: party.sex,
    birthDate: c.birthDate,
    age: null,
    hukouDivisionCode: '',
    hukouDivisionName: c.hukouDivisionName,
    status: c.status,
    deathDate: null,
  }));
  return (
    <Card
      size="small"
      data-testid={`party-${role}`}
      title={
        <Space size={8} wrap>
          <span>
            {label}：{party.name}
          </span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {party.sex === 'male' ? '男' : '女'} · 出生 {formatDate(party.birthDate)}
          </Typography.Text>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {party.residentIdMasked ? (
        <Alert
          type="info"
          showIcon
          title={`有身份证号码 ${party.residentIdMasked}`}
          description="入库时按号码关联人口基础库（库中没有的自动新建），无需确认。"
        />
      ) : (
        <>
          <Radio.Group
            aria-label="关联方式"
            value={choice.mode}
            onChange={(e) =>
              onChange(e.target.value === 'new' ? { mode: 'new' } : { mode: 'link', person: undefined })
            }
            options={[
              { value: 'link', label: '关联已有人员' },
              { value: 'new', label: '新建人员（无身份证号）' },
            ]}
            style={{ marginBottom: 12 }}
          />
          {choice.mode === 'new' ? (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              将在人口基础库中新建：{party.name}，{party.sex === 'male' ? '男' : '女'}，出生{' '}
              {formatDate(party.birthDate)}，户籍地按登记机关所在县（区、市）登记，身份证号码待补。
              请先按姓名、拼音查找，确认库中没有此人再新建。
            </Typography.Paragraph>
          ) : (
            <>
              <PersonPicker
                scope={scope}
                sex={party.sex === 'male' ? 'male' : 'female'}
                initialQuery={party.name}
                label={`查找${label}`}
                suggested={suggested}
                selectedId={selected}
                onSelect={(person) => onChange({ mode: 'link', person })}
                renderName={(p) => (
                  <Space size={4} wrap>
                    <Typography.Text mark={p.name !== party.name}>{p.name}</Typography.Text>
                    {candidateIds.has(p.id) && (
                      <Tag color="blue">
                        建议{' '}
                        {Math.round((party.candidates.find((c) => c.personId === p.id)?.score ?? 0) * 100)}%
                      </Tag>
                    )}
                  </Space>
                )}
                birthDateNote={birthTag}
                emptyText={(q) =>
                  `本辖区内没有找到同性别的“${q}”。可换拼音或简称再查，确认没有此人的，选择“新建人员”。`
                }
              />
            </>
          )}
        </>
      )}
    </Card>
  );
}

function ResolveDialog({
  row,
  scope,
  onClose,
  onDone,
}: {
  row: AwaitingMatchViewDto;
  scope: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const [choices, setChoices] = useState<Record<Role, Choice>>({
    husband: { mode: 'link' },
    wife: { mode: 'link' },
  });
  const [errors, setErrors] = useState<Partial<Record<Role | 'form', string>>>({});
  const [busy, setBusy] = useState(false);
  const missing = (['husband', 'wife'] as Role[]).filter((role) => {
    const c = choices[role];
    return !row[role].residentIdMasked && c.mode === 'link' && !c.person;
  });
  const submit = async () => {
    setBusy(true);
    setErrors({});
    const body: Parameters<typeof marriageApi.resolveRow>[2] = {};
    for (const role of ['husband', 'wife'] as Role[]) {
      if (row[role].residentIdMasked) continue;
      const c = choices[role];
      if (c.mode === 'new') body[`${role}AsNewPerson`] = true;
      else if (c.person) body[`${role}PersonId`] = c.person.id;
    }
    try {
      await marriageApi.resolveRow(row.importId, row.rowNo, body);
      void message.success(`第 ${row.rowNo} 行已入库`);
      onDone();
    } catch (e) {
      // The choices stay as they were; the message goes beside the party it concerns.
      const field = e instanceof ApiError ? e.field : undefined;
      const role = (['husband', 'wife'] as Role[]).find((r) => field?.startsWith(r));
      setErrors(role ? { [role]: errorText(e) } : { form: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      width={1100}
      title={`确认人员：${row.fileName} 第 ${row.rowNo} 行`}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Popconfirm
            title="确认后写入婚姻登记档案"
            description="入库后参与重婚核查和婚姻状况，不能在此撤销。"
            okText="确认入库"
            cancelText="再看看"
            onConfirm={() => void submit()}
            disabled={missing.length > 0}
          >
            <Button type="primary" loading={busy} disabled={missing.length > 0}>
              确认并入库
            </Button>
          </Popconfirm>
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 4 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label="登记日期">{formatDate(row.registeredOn)}</Descriptions.Item>
        <Descriptions.Item label="登记机关">{row.registryName}</Descriptions.Item>
        <Descriptions.Item label="证书字号">{row.certificateNo ?? '无'}</Descriptions.Item>
        <Descriptions.Item label="婚姻状态">
          {statusLabels[row.status]}
          {row.endedOn ? ` ${row.endedOn}` : ''}
          {row.crossBorder !== 'mainland' ? ` · ${crossBorderLabels[row.crossBorder]}` : ''}
        </Descriptions.Item>
      </Descriptions>
      {errors.form && <Alert type="error" showIcon title={errors.form} style={{ marginBottom: 12 }} />}
      {missing.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={`请为${missing.map((r) => ROLE_LABEL[r]).join('、')}选择库中人员，或选择“新建人员”`}
        />
      )}
      <Row gutter={[16, 16]}>
        {(['husband', 'wife'] as Role[]).map((role) => (
          <Col xs={24} xl={12} key={role}>
            <PartyPicker
              role={role}
              party={row[role]}
              choice={choices[role]}
              onChange={(c) => {
                setChoices((prev) => ({ ...prev, [role]: c }));
                setErrors((prev) => ({ ...prev, [role]: undefined }));
              }}
              error={errors[role]}
              scope={scope}
            />
          </Col>
        ))}
      </Row>
    </Modal>
  );
}

const filters = {
  q: textFilter({ label: '关键字', placeholder: '姓名、拼音、证书字号或登记机关', width: 260 }),
  importId: textFilter({ label: '导入批次' }),
  period: dateRangeFilter({ label: '登记日期' }),
};

/** 补录待匹配: back-filled rows whose parties have no id number, to be linked or created one by one. */
export function MarriageMatchesPage() {
  const { current } = useDivision();
  const { user, hasPermission } = useAuth();
  const canResolve = hasPermission('marriage:write') && hasPermission('people:read');
  const list = useListPage({
    filters,
    // Sorted by the server (names in pinyin order), kept in the URL; default: newest batch first.
    sortKeys: ['importedAt', 'registeredOn', 'husbandName', 'wifeName'],
    load: (query, signal) => marriageApi.awaitingMatches(query, signal),
  });
  const batches = useApi((signal) => marriageApi.imports(signal), []);
  const [resolving, setResolving] = useState<AwaitingMatchViewDto>();

  const columns: TableColumnsType<AwaitingMatchViewDto> = [
    {
      title: '导入批次',
      key: 'importedAt',
      sorter: true,
      render: (_, r) => (
        <div>
          <div>{r.fileName}</div>
          <Typography.Text type="secondary">
            第 {r.rowNo} 行 · {formatDateTime(r.importedAt).slice(0, 10)}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: '登记日期',
      key: 'registeredOn',
      dataIndex: 'registeredOn',
      sorter: true,
      render: (v: string) => formatDate(v),
    },
    {
      title: '登记机关 / 证书字号',
      render: (_, r) => (
        <div>
          <div>{r.registryName}</div>
          <Typography.Text type="secondary">{r.certificateNo ?? '无证书字号'}</Typography.Text>
        </div>
      ),
    },
    { title: '男方', key: 'husbandName', sorter: true, render: (_, r) => <PartyCell party={r.husband} /> },
    { title: '女方', key: 'wifeName', sorter: true, render: (_, r) => <PartyCell party={r.wife} /> },
    {
      title: '婚姻状态',
      render: (_, r) => (
        <span>
          {statusLabels[r.status]}
          {r.endedOn ? (
            <div>
              <Typography.Text type="secondary">{r.endedOn}</Typography.Text>
            </div>
          ) : null}
        </span>
      ),
    },
    {
      title: '操作',
      fixed: 'right',
      render: (_, r) =>
        canResolve && (
          <Button
            size="small"
            type="primary"
            icon={<UserSwitchOutlined />}
            aria-label={`确认人员 第${r.rowNo}行`}
            onClick={() => setResolving(r)}
          >
            确认人员
          </Button>
        ),
    },
  ];

  const batchOptions = (batches.data ?? [])
    .filter((b) => b.awaitingRows > 0 || b.id === list.query.importId)
    .map((b) => ({ value: b.id, label: `${b.fileName}（待匹配 ${b.awaitingRows}）` }));

  return (
    <ListPage
      list={list}
      title="补录待匹配"
      unit="行"
      exportHref={marriageUrls.exportAwaitingMatches(list.exportQuery)}
      nav={<MarriageNav />}
      filterName="matches-filters"
      breadcrumb
      controls={{
        importId: <Select allowClear placeholder="全部批次" options={batchOptions} style={{ width: 260 }} />,
      }}
      errorTitle="待匹配记录加载失败"
      rowKey={(r) => `${r.importId}:${r.rowNo}`}
      columns={columns}
      empty={
        list.filtered ? (
          '没有符合条件的待匹配行，请调整筛选条件。'
        ) : (
          <Flex vertical gap={4} align="center">
            <span>{current.name}没有待匹配的补录行。</span>
            <Typography.Text type="secondary">
              “历史补录”中没有身份证号码的行会出现在这里，逐行关联人员或新建人员后入库。
            </Typography.Text>
          </Flex>
        )
      }
      below={
        canResolve &&
        (list.total ?? 0) > 0 && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            <UserAddOutlined />{' '}
            确认人员：按姓名或拼音在本辖区人口基础库中查找并关联；库中确无此人的，按本行信息新建人员（身份证号码待补）。
          </Typography.Paragraph>
        )
      }
    >
      {resolving && (
        <ResolveDialog
          row={resolving}
          scope={user?.divisionCode ?? current.code}
          onClose={() => setResolving(undefined)}
          onDone={() => {
            setResolving(undefined);
            list.reload();
            batches.reload();
          }}
        />
      )}
    </ListPage>
  );
}
