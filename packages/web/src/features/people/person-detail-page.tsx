import { ArrowLeftOutlined, EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Result, Skeleton, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { PersonDetail, PersonFact } from '../../api/types';
import { ApiError, errorText } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { AttachmentsPanel } from '../../app/attachments';
import { LinePanels } from '../../app/line-panels';
import { formatDate, formatDateTime, personStatusLabels, sexLabels } from '../../app/format';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import { mergesOfPersonUrl } from './merges-links';
import { fetchPerson } from './people.api';
import { RecordDeathDialog } from './record-death-dialog';
import { RevealIdDialog } from './reveal-id-dialog';
import { emptyLocale } from '../../app/empty-state';

/** Chinese names of person fields, for the facts' sources list. */
const fieldLabels: Record<string, string> = {
  residentId: '公民身份号码',
  name: '姓名',
  namePinyin: '姓名拼音',
  sex: '性别',
  birthDate: '出生日期',
  hukouDivisionCode: '户籍地',
  status: '状态',
  deathDate: '死亡日期',
};

export function PersonDetailPage() {
  const { id = '' } = useParams();
  // A fresh instance per person, so a revealed id or open dialog never carries over to the next one.
  return <PersonDetail key={id} id={id} />;
}

function PersonDetail({ id }: { id: string }) {
  const navigate = useNavigate();
  const { hasPermission } = useAuth();
  const { data, error, loading } = useApi((signal) => fetchPerson(id, signal), [id]);
  const [person, setPerson] = useState<PersonDetail>();
  const [revealedId, setRevealedId] = useState<string>();
  const [showRevealed, setShowRevealed] = useState(true);
  const [revealOpen, setRevealOpen] = useState(false);
  const [deathOpen, setDeathOpen] = useState(false);
  const shown = person ?? data;

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate(-1)}>
      返回
    </Button>
  );

  if (error !== undefined) {
    const notFound = error instanceof ApiError && (error.status === 404 || error.status === 403);
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? '找不到该人员，或不在您的管辖范围内' : '人员信息加载失败'}
        subTitle={errorText(error)}
        extra={back}
      />
    );
  }
  if (!shown) return <Skeleton active loading={loading} paragraph={{ rows: 10 }} />;

  // The server's permissions: revealing an id and recording a death are separate from editing.
  const canReveal = hasPermission('people:reveal');
  const canRecordDeath = hasPermission('people:record-death');
  const residentIdCell = (() => {
    if (!shown.residentIdMasked) return <Typography.Text type="secondary">未登记</Typography.Text>;
    if (revealedId && showRevealed) {
      return (
        <Flex gap={8} align="center">
          <span className="resident-id" data-testid="resident-id-full">
            {revealedId}
          </span>
          <Button
            size="small"
            type="link"
            icon={<EyeInvisibleOutlined />}
            onClick={() => setShowRevealed(false)}
          >
            隐藏
          </Button>
        </Flex>
      );
    }
    return (
      <Flex gap={8} align="center">
        <span className="resident-id" data-testid="resident-id">
          {shown.residentIdMasked}
        </span>
        {canReveal && (
          <Button
            size="small"
            type="link"
            icon={<EyeOutlined />}
            onClick={() => (revealedId ? setShowRevealed(true) : setRevealOpen(true))}
          >
            查看完整身份证号
          </Button>
        )}
      </Flex>
    );
  })();

  return (
    <>
      <PageHeader
        title={`${shown.name}`}
        documentTitle={`人员详情：${shown.name}`}
        subTitle={
          shown.status === 'deceased' ? (
            <Tag>已故</Tag>
          ) : (
            <Tag color="green">{personStatusLabels[shown.status]}</Tag>
          )
        }
        extra={
          <>
            {back}
            <Button onClick={() => void navigate(mergesOfPersonUrl(shown.id))}>合并记录</Button>
            {canRecordDeath && shown.status === 'alive' && (
              <Button danger onClick={() => setDeathOpen(true)}>
                登记死亡
              </Button>
            )}
          </>
        }
      />
      <Flex vertical gap={16}>
        <Card title="基本信息">
          <Descriptions
            bordered
            size="middle"
            column={{ xs: 1, md: 2, xl: 3 }}
            items={[
              { key: 'name', label: '姓名', children: shown.name },
              { key: 'pinyin', label: '姓名拼音', children: shown.namePinyin || '—' },
              { key: 'sex', label: '性别', children: sexLabels[shown.sex] },
              { key: 'residentId', label: '公民身份号码', children: residentIdCell, span: 2 },
              { key: 'birthDate', label: '出生日期', children: formatDate(shown.birthDate) },
              { key: 'age', label: '年龄', children: shown.age === null ? '—' : `${shown.age} 岁` },
              {
                key: 'hukou',
                label: '户籍地',
                children: `${shown.hukouDivisionName}（${shown.hukouDivisionCode}）`,
              },
              { key: 'status', label: '状态', children: personStatusLabels[shown.status] },
              { key: 'deathDate', label: '死亡日期', children: formatDate(shown.deathDate) },
              { key: 'createdAt', label: '建档时间', children: formatDateTime(shown.createdAt) },
              { key: 'updatedAt', label: '最后更新', children: formatDateTime(shown.updatedAt) },
            ]}
          />
          {shown.status === 'deceased' && (
            <Alert
              style={{ marginTop: 16 }}
              type="info"
              showIcon
              title="此人已登记死亡"
              description="相关补贴停发、救助结案及婚姻状况变更由平台按死亡信息自动处理。"
            />
          )}
        </Card>
        <LinePanels personId={shown.id} />
        <AttachmentsPanel ownerType="person" ownerId={shown.id} title="人员附件（照片、证件扫描件）" />
        <Card title="信息来源">
          <Table<PersonFact>
            rowKey={(fact) => `${fact.field}-${fact.recordedAt}-${fact.source}`}
            size="small"
            pagination={false}
            dataSource={shown.facts}
            locale={emptyLocale('暂无信息来源记录')}
            columns={[
              { title: '信息项', dataIndex: 'field', render: (v: string) => fieldLabels[v] ?? v },
              { title: '来源', dataIndex: 'source' },
              { title: '记录时间', dataIndex: 'recordedAt', render: (v: string) => formatDateTime(v) },
              {
                title: '记录人',
                dataIndex: 'recordedByName',
                render: (name: string, fact) => <span title={`账号：${fact.recordedBy}`}>{name}</span>,
              },
            ]}
          />
        </Card>
      </Flex>
      <RevealIdDialog
        personId={shown.id}
        open={revealOpen}
        onClose={() => setRevealOpen(false)}
        onRevealed={(residentId) => {
          setRevealedId(residentId);
          setShowRevealed(true);
          setRevealOpen(false);
        }}
      />
      {canRecordDeath && (
        <RecordDeathDialog
          person={shown}
          open={deathOpen}
          onClose={() => setDeathOpen(false)}
          onRecorded={(updated) => {
            setPerson(updated);
            setDeathOpen(false);
          }}
        />
      )}
    </>
  );
}
