/**
 * 今日工作 (the funeral home's day board): the scan box (a barcode scanner types the code and Enter), the
 * bodies in custody by step (counts and cards), today's farewells, cremations waiting with what is still
 * missing, and claim notices ending. Each card opens the case page, where the next step is done.
 */
import { PlusOutlined, ScanOutlined } from '@ant-design/icons';
import {
  Alert,
  Badge,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Input,
  List,
  Row,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { FUNERAL_STEP_NAMES } from '@social-affairs/kernel/contracts/funeral';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorText } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { formatDate, formatDateTime } from '../../app/format';
import { LoadError } from '../../app/list-page';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import { STEP_COLORS, custodyApi, type FuneralBoardView } from './custody.api';
import { FuneralNav } from './funeral-nav';

const BOARD_STEPS = ['ordered', 'collected', 'in_storage', 'farewell', 'cremated'] as const;

/** 扫码: a text field with autofocus; the scanner types the code and Enter — the case opens. */
export function ScanBox({ autoFocus = true }: { autoFocus?: boolean }) {
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const go = async (value: string) => {
    const v = value.trim();
    if (!v) return;
    setBusy(true);
    setError(undefined);
    try {
      const found = await custodyApi.scan(v);
      void navigate(`/funeral/cases/${found.id}`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <Input.Search
        aria-label="扫码查找遗体档案"
        data-testid="funeral-scan-box"
        placeholder="扫描遗体或骨灰盒条码（扫码枪扫描后自动回车），也可手工输入"
        enterButton={
          <>
            <ScanOutlined /> 查找
          </>
        }
        size="large"
        autoFocus={autoFocus}
        value={code}
        loading={busy}
        onChange={(e) => setCode(e.target.value)}
        onSearch={(v) => void go(v)}
        status={error ? 'error' : undefined}
      />
      {error && (
        <Typography.Text type="danger" role="alert">
          {error}
        </Typography.Text>
      )}
    </div>
  );
}

type BoardCard = FuneralBoardView['cards'][number];

function CaseLink({ c }: { c: Pick<BoardCard, 'id' | 'name' | 'caseNo'> }) {
  return (
    <Link to={`/funeral/cases/${c.id}`}>
      <Typography.Text strong>{c.name}</Typography.Text>{' '}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {c.caseNo}
      </Typography.Text>
    </Link>
  );
}

export function FuneralBoardPage() {
  const { hasPermission } = useAuth();
  const board = useApi((signal) => custodyApi.board(signal), []);
  const b = board.data;
  const [step, setStep] = useState<string>('in_storage');
  const cards = (b?.cards ?? []).filter((c) => c.step === step);
  return (
    <>
      <PageHeader
        title="今日工作"
        subTitle={b ? `${formatDate(b.today)}` : undefined}
        extra={
          hasPermission('funeral:write') && (
            <Link to="/funeral/cases/new">
              <Button type="primary" icon={<PlusOutlined />}>
                新建接运单
              </Button>
            </Link>
          )
        }
      />
      <FuneralNav />
      <Card size="small" style={{ marginBottom: 16 }}>
        <ScanBox />
      </Card>
      <LoadError error={board.error} title="今日工作加载失败" onRetry={board.reload} />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {BOARD_STEPS.map((s) => (
          <Col key={s} xs={12} sm={8} md={4}>
            <Card
              size="small"
              hoverable
              onClick={() => setStep(s)}
              style={s === step ? { borderColor: '#1677ff' } : undefined}
              data-testid={`funeral-board-count-${s}`}
            >
              <Statistic title={FUNERAL_STEP_NAMES[s]} value={b?.counts[s] ?? 0} suffix="具" />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={`今日告别（${b?.farewellsToday.length ?? 0}）`}>
            <List
              size="small"
              dataSource={b?.farewellsToday ?? []}
              locale={{ emptyText: '今天没有预约的告别仪式' }}
              renderItem={(f) => (
                <List.Item>
                  <Flex justify="space-between" style={{ width: '100%' }}>
                    <CaseLink c={f} />
                    <span>
                      {f.time ?? ''} {f.hall ?? ''}
                    </span>
                  </Flex>
                </List.Item>
              )}
            />
          </Card>
          <Card
            size="small"
            title={`认领公告即将届满（${b?.noticesEnding.length ?? 0}）`}
            style={{ marginTop: 16 }}
          >
            <List
              size="small"
              dataSource={b?.noticesEnding ?? []}
              locale={{ emptyText: '一周内没有届满的认领公告' }}
              renderItem={(n) => (
                <List.Item>
                  <Flex justify="space-between" style={{ width: '100%' }}>
                    <CaseLink c={n} />
                    <span>公告至 {formatDate(n.noticeEndsOn)}</span>
                  </Flex>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={`待火化（${b?.cremationsWaiting.length ?? 0}）`}
            data-testid="funeral-board-waiting"
          >
            <List
              size="small"
              dataSource={b?.cremationsWaiting ?? []}
              locale={{ emptyText: '没有待火化的遗体' }}
              renderItem={(w) => (
                <List.Item>
                  <div style={{ width: '100%' }}>
                    <Flex justify="space-between">
                      <CaseLink c={w} />
                      {w.unmet.length === 0 ? (
                        <Tag color="green">条件已齐备，可以火化</Tag>
                      ) : (
                        <Tag color="red">缺 {w.unmet.length} 项</Tag>
                      )}
                    </Flex>
                    {w.unmet.length > 0 && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {w.unmet.map((u) => u.label).join('；')}
                      </Typography.Text>
                    )}
                  </div>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        style={{ marginTop: 16 }}
        title={
          <span>
            {FUNERAL_STEP_NAMES[step as keyof typeof FUNERAL_STEP_NAMES]}{' '}
            <Badge count={cards.length} showZero color="#1677ff" />
          </span>
        }
      >
        {cards.length === 0 ? (
          <Empty description="此环节没有遗体" />
        ) : (
          <Row gutter={[12, 12]}>
            {cards.map((c) => (
              <Col key={c.id} xs={24} sm={12} md={8} lg={6}>
                <Card size="small">
                  <CaseLink c={c} />
                  <div>
                    <Tag color={STEP_COLORS[c.step]}>{FUNERAL_STEP_NAMES[c.step]}</Tag>
                    {c.place && <Typography.Text type="secondary">{c.place}</Typography.Text>}
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {c.facilityName} · {formatDateTime(c.since)}
                  </Typography.Text>
                </Card>
              </Col>
            ))}
          </Row>
        )}
      </Card>
      {b && b.cards.length === 0 && (
        <Alert
          style={{ marginTop: 16 }}
          type="info"
          showIcon
          title="目前没有在馆遗体。接到家属或医院的接运电话后，点击右上角“新建接运单”。"
        />
      )}
    </>
  );
}
