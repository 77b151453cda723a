import { LockOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Empty,
  Flex,
  Image,
  InputNumber,
  List,
  Radio,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { errorText } from '../api-client';
import { attachmentContentUrl, useAttachments, type AttachmentView } from '../attachments';
import { useAuth } from '../auth-context';
import { formatDateTime } from '../format';
import {
  fetchFaceEmbedding,
  fetchFaceStatus,
  proposeFaceCandidate,
  requestFaceEmbedding,
  searchFaces,
  type FaceEmbeddingView,
  type FaceHit,
  type FaceProposeResult,
  type FaceSearchResult,
  type FaceStatus,
} from './faces.api';

export interface FaceSearchPanelProps {
  /** A face-bearing owner type (`rescue_case` …); its photos are the query photos offered. */
  ownerType: string;
  /** The owner record. */
  ownerId: string;
  /** Called after a hit was proposed as a family-search candidate (the case tab re-reads its candidates). */
  onProposed?: (result: FaceProposeResult, hit: FaceHit) => void;
  /** Render without the surrounding Card. */
  bare?: boolean;
  /** How many hits to ask for (default 10). */
  k?: number;
}

/** The place of a thumbnail the user may not see (a hit outside their scope, ADR 0025 §9). */
function MinimisedThumb({ index }: { index: number }) {
  return (
    <div
      role="img"
      aria-label={`第 ${index + 1} 名照片（辖区外，不显示）`}
      style={{
        width: 64,
        height: 64,
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        background: '#f5f5f5',
        border: '1px dashed #d9d9d9',
        borderRadius: 4,
        color: '#8c8c8c',
        fontSize: 12,
      }}
    >
      <LockOutlined />
      <span>辖区外</span>
    </div>
  );
}

/** Why thumbnails and query photos are read (the server audits every content read). */
const VIEW_REASON = '人脸比对';

const statusLabels: Record<FaceEmbeddingView['status'], { text: string; color: string }> = {
  none: { text: '尚未提取', color: 'default' },
  pending: { text: '排队提取中', color: 'processing' },
  done: { text: '已提取人脸特征', color: 'success' },
  no_face: { text: '未检出人脸', color: 'warning' },
  failed: { text: '提取失败', color: 'error' },
};

/**
 * 人脸比对 for one record (docs/faces.md): pick one of the record's photos, see whether its face was
 * extracted, rank the photos of other records by face distance and propose a hit as a family-search
 * candidate (channel `face`) for a caseworker to confirm. The ranking never identifies anyone; the
 * threshold is uncalibrated for real photos and only colours the hits.
 */
export function FaceSearchPanel({ ownerType, ownerId, onProposed, bare, k = 10 }: FaceSearchPanelProps) {
  // Family reviewers search the family-search records of another kind everywhere (minimised outside scope).
  const familySearch = useAuth().hasPermission('matching:family-review');
  const [status, setStatus] = useState<FaceStatus>();
  const [statusError, setStatusError] = useState<unknown>();
  useEffect(() => {
    const controller = new AbortController();
    fetchFaceStatus(controller.signal).then(setStatus, (e: unknown) => {
      if (!controller.signal.aborted) setStatusError(e);
    });
    return () => controller.abort();
  }, []);

  const attachments = useAttachments(ownerType, ownerId);
  const photos = useMemo<AttachmentView[]>(() => {
    const kinds = new Set(
      (status?.faceKinds ?? []).filter((f) => f.ownerType === ownerType).map((f) => f.kind),
    );
    return (attachments.items ?? []).filter(
      (a) => kinds.has(a.kind) && (a.mediaType === 'image/jpeg' || a.mediaType === 'image/png'),
    );
  }, [attachments.items, status, ownerType]);

  const [selected, setSelected] = useState<string>();
  useEffect(() => {
    if (photos.length === 0) setSelected(undefined);
    else if (!selected || !photos.some((p) => p.id === selected)) setSelected(photos[0]!.id);
  }, [photos, selected]);

  const [embedding, setEmbedding] = useState<FaceEmbeddingView>();
  const [embedError, setEmbedError] = useState<unknown>();
  const loadEmbedding = useCallback(async (id: string, signal?: AbortSignal) => {
    try {
      const view = await fetchFaceEmbedding(id, signal);
      if (!signal?.aborted) setEmbedding(view);
    } catch (e) {
      if (!signal?.aborted) setEmbedError(e);
    }
  }, []);
  useEffect(() => {
    setEmbedding(undefined);
    setEmbedError(undefined);
    setResult(undefined);
    if (!selected || !status?.available) return;
    const controller = new AbortController();
    void loadEmbedding(selected, controller.signal);
    return () => controller.abort();
  }, [selected, status?.available, loadEmbedding]);
  // While the worker is on it, look again every two seconds.
  useEffect(() => {
    if (!selected || embedding?.status !== 'pending') return;
    const timer = setTimeout(() => void loadEmbedding(selected), 2000);
    return () => clearTimeout(timer);
  }, [selected, embedding, loadEmbedding]);

  const [limit, setLimit] = useState(k);
  const [result, setResult] = useState<FaceSearchResult>();
  const [searching, setSearching] = useState(false);
  const [searchError, setSearchError] = useState<unknown>();
  const [proposing, setProposing] = useState<string>();
  const [proposed, setProposed] = useState<Record<string, FaceProposeResult>>({});
  const [proposeError, setProposeError] = useState<{ id: string; error: unknown }>();

  const runSearch = async () => {
    if (!selected) return;
    setSearching(true);
    setSearchError(undefined);
    try {
      const found = await searchFaces({ attachmentId: selected, k: limit }, familySearch);
      setResult(found);
      setEmbedding(found.query);
    } catch (e) {
      setSearchError(e);
    } finally {
      setSearching(false);
    }
  };

  const reEmbed = async () => {
    if (!selected) return;
    setEmbedError(undefined);
    try {
      setEmbedding(await requestFaceEmbedding(selected));
    } catch (e) {
      setEmbedError(e);
    }
  };

  const propose = async (hit: FaceHit) => {
    if (!selected) return;
    setProposing(hit.attachmentId);
    setProposeError(undefined);
    try {
      const answer = await proposeFaceCandidate({
        attachmentId: selected,
        hitAttachmentId: hit.attachmentId,
      });
      setProposed((p) => ({ ...p, [hit.attachmentId]: answer }));
      onProposed?.(answer, hit);
    } catch (e) {
      setProposeError({ id: hit.attachmentId, error: e });
    } finally {
      setProposing(undefined);
    }
  };

  let body: ReactNode;
  if (statusError) {
    body = (
      <Alert type="error" showIcon message="无法读取人脸比对状态" description={errorText(statusError)} />
    );
  } else if (!status) {
    body = <Typography.Text type="secondary">正在读取人脸比对状态…</Typography.Text>;
  } else if (!status.available) {
    body = (
      <Alert
        type="warning"
        showIcon
        message="人脸比对组件未安装"
        description={status.reason ?? '本平台未安装人脸比对组件，请联系系统管理员；其他寻亲方式不受影响。'}
      />
    );
  } else if (attachments.error) {
    body = <Alert type="error" showIcon message="无法读取照片" description={errorText(attachments.error)} />;
  } else if (photos.length === 0) {
    body = (
      <Empty
        description={
          attachments.loading ? '正在读取照片…' : '本记录还没有可比对的照片：请先在「照片指纹」中上传正面照片'
        }
      />
    );
  } else {
    const state = embedding ? statusLabels[embedding.status] : undefined;
    body = (
      <Flex vertical gap={12}>
        <Radio.Group value={selected} onChange={(e) => setSelected(e.target.value as string)}>
          <Space wrap>
            {photos.map((p) => (
              <Radio key={p.id} value={p.id} aria-label={`照片 ${p.fileName}`}>
                <Image
                  src={attachmentContentUrl(p.id, VIEW_REASON)}
                  alt={p.fileName}
                  width={72}
                  height={72}
                  style={{ objectFit: 'cover' }}
                  preview={false}
                />
              </Radio>
            ))}
          </Space>
        </Radio.Group>
        <Space wrap>
          <span>人脸特征：</span>
          {state ? <Tag color={state.color}>{state.text}</Tag> : <Tag>读取中</Tag>}
          {embedding?.status === 'done' && embedding.score !== null && (
            <Typography.Text type="secondary">检测置信度 {embedding.score.toFixed(2)}</Typography.Text>
          )}
          {embedding?.faceCount !== null && embedding?.faceCount !== undefined && embedding.faceCount > 1 && (
            <Typography.Text type="secondary">
              照片中有 {embedding.faceCount} 张人脸，取最大的一张
            </Typography.Text>
          )}
          {embedding?.updatedAt && (
            <Typography.Text type="secondary">更新于 {formatDateTime(embedding.updatedAt)}</Typography.Text>
          )}
          <Button size="small" icon={<ReloadOutlined />} onClick={() => void reEmbed()}>
            重新提取
          </Button>
        </Space>
        {embedding?.status === 'no_face' && (
          <Alert
            type="warning"
            showIcon
            message="这张照片没有检出人脸：请上传正面、清晰、光线充足的照片后再比对"
          />
        )}
        {embedding?.status === 'failed' && (
          <Alert
            type="error"
            showIcon
            message="人脸特征提取失败"
            description={embedding.error ?? undefined}
          />
        )}
        {embedError !== undefined && <Alert type="error" showIcon message={errorText(embedError)} />}
        <Space wrap>
          <span>显示前</span>
          <InputNumber
            aria-label="显示条数"
            min={1}
            max={50}
            value={limit}
            onChange={(v) => setLimit(typeof v === 'number' ? v : k)}
          />
          <span>条</span>
          <Button
            type="primary"
            icon={<SearchOutlined />}
            loading={searching}
            disabled={embedding?.status !== 'done'}
            onClick={() => void runSearch()}
          >
            开始比对
          </Button>
          {embedding?.status === 'pending' && (
            <Typography.Text type="secondary">
              照片排队提取中，完成后即可比对（排队 {status.queueLength} 张）
            </Typography.Text>
          )}
        </Space>
        {searchError !== undefined && <Alert type="error" showIcon message={errorText(searchError)} />}
        {result && (
          <>
            <Alert
              type="info"
              showIcon
              message={`按人脸特征距离从近到远排列；距离不大于 ${result.threshold} 的标为「相似度较高」。该阈值未经真实照片校准，比对结果仅供参考，须由工作人员核实身份后确认。`}
            />
            <List
              aria-label="人脸比对结果"
              dataSource={result.hits}
              locale={{ emptyText: '没有找到可比对的其他照片' }}
              renderItem={(hit, index) => {
                const done = proposed[hit.attachmentId];
                return (
                  <List.Item
                    key={hit.attachmentId}
                    actions={[
                      done ? (
                        <Tag color={done.proposed ? 'success' : 'default'} key="done">
                          {done.message}
                        </Tag>
                      ) : (
                        <Button
                          key="propose"
                          size="small"
                          loading={proposing === hit.attachmentId}
                          onClick={() => void propose(hit)}
                        >
                          提交为寻亲候选
                        </Button>
                      ),
                    ]}
                  >
                    <List.Item.Meta
                      avatar={
                        hit.minimised ? (
                          <MinimisedThumb index={index} />
                        ) : (
                          <Image
                            src={attachmentContentUrl(hit.attachmentId, VIEW_REASON)}
                            alt={`第 ${index + 1} 名照片`}
                            width={64}
                            height={64}
                            style={{ objectFit: 'cover' }}
                          />
                        )
                      }
                      title={
                        <Space wrap>
                          <span>第 {index + 1} 名</span>
                          <span>{hit.ownerLabel ?? `${hit.ownerTypeLabel} ${hit.ownerId}`}</span>
                          {hit.outsideScope && (
                            <Tag color="orange">{hit.outsideScope === 'county' ? '外县' : '外辖区'}</Tag>
                          )}
                          {hit.withinThreshold ? <Tag color="green">相似度较高</Tag> : <Tag>相似度较低</Tag>}
                        </Space>
                      }
                      description={
                        <Space direction="vertical" size={0}>
                          <span>
                            距离 {hit.distance.toFixed(3)} · 相似度 {(hit.similarity * 100).toFixed(1)}%
                          </span>
                          {hit.minimised && (
                            <Typography.Text type="secondary">
                              不在您的管辖范围内：不显示照片和姓名；提交为寻亲候选后由双方核实
                            </Typography.Text>
                          )}
                          {proposeError?.id === hit.attachmentId && (
                            <Typography.Text type="danger">{errorText(proposeError.error)}</Typography.Text>
                          )}
                        </Space>
                      }
                    />
                  </List.Item>
                );
              }}
            />
          </>
        )}
      </Flex>
    );
  }

  if (bare) return <div aria-label="人脸比对">{body}</div>;
  return (
    <Card title="人脸比对" size="small" aria-label="人脸比对">
      {body}
    </Card>
  );
}
