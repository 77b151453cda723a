import { DeleteOutlined, FileImageOutlined, FilePdfOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Flex,
  Form,
  Image,
  Input,
  List,
  Modal,
  Progress,
  Select,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, errorText } from '../api-client';
import { EmptyState } from '../empty-state';
import { formatDateTime } from '../format';
import {
  PREVIEWABLE_TYPES,
  attachmentContentUrl,
  formatFileSize,
  isPhotoKind,
  removeAttachment,
  uploadAttachment,
  type AttachmentView,
} from './attachments.api';
import { UploadButtons } from './upload-buttons';
import { useAttachments, useOwnerType, useTouchDevice } from './use-attachments';

export interface AttachmentsPanelProps {
  /** A registered owner type: `person`, `rescue_case` … */
  ownerType: string;
  /** The owner record; when empty the panel says to save the record first. */
  ownerId: string | null | undefined;
  /** Only these purposes (upload picker and list); default every purpose of the owner type. */
  kinds?: readonly string[];
  /** Card title; default 附件. */
  title?: ReactNode;
  /** List and view only (no upload, no removal), e.g. on a closed record. */
  readOnly?: boolean;
  /** Called with the owner's (active, shown) attachments after an upload or a removal. */
  onChange?: (attachments: AttachmentView[]) => void;
  /** Render without the surrounding Card (inside a tab or another card). */
  bare?: boolean;
  /** Stated with every view of a file (recorded in the audit log). */
  viewReason?: string;
}

/** Why a thumbnail was fetched (the server audits every content read). */
const THUMBNAIL_REASON = '附件列表缩略图';

interface UploadState {
  fileName: string;
  percent: number;
}

/**
 * The attachments of one record, for every line: list (purpose, file name, size, uploaded by/at, image
 * thumbnails with preview, PDFs open in a new tab), upload with a purpose picker (「拍照」 opens the rear
 * camera on a tablet or phone; several files may be chosen at once and go up one after another), and
 * removal with a stated reason. Errors of the server (size, type, scope) are shown in Chinese beside the
 * upload buttons; the purpose picked stays as it was.
 */
export function AttachmentsPanel({
  ownerType,
  ownerId,
  kinds: onlyKinds,
  title = '附件',
  readOnly,
  onChange,
  bare,
  viewReason,
}: AttachmentsPanelProps) {
  const owner = useOwnerType(ownerType, onlyKinds);
  const [showRemoved, setShowRemoved] = useState(false);
  const list = useAttachments(ownerType, ownerId, showRemoved);
  const touch = useTouchDevice();
  const [kind, setKind] = useState<string>();
  const [uploading, setUploading] = useState<UploadState>();
  const [uploadError, setUploadError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [removing, setRemoving] = useState<AttachmentView>();
  const queue = useRef<Promise<void>>(Promise.resolve());
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  const kindCodes = owner.kinds.map((k) => k.kind);
  const firstKind = kindCodes[0];
  // Default purpose: the first one; keep the user's pick while it stays valid.
  useEffect(() => {
    if (!kind || !kindCodes.includes(kind)) setKind(firstKind);
  }, [kindCodes.join(','), firstKind]);

  const shown = (list.items ?? []).filter((a) => !onlyKinds || onlyKinds.includes(a.kind));
  const active = (all: AttachmentView[] | undefined) =>
    (all ?? []).filter((a) => a.status === 'active' && (!onlyKinds || onlyKinds.includes(a.kind)));

  const afterChange = async () => {
    const fresh = await list.reload();
    if (fresh) onChangeRef.current?.(active(fresh));
  };

  // A record outside the user's scope (the list answered 404/403) offers no upload either.
  const outOfScope =
    list.error instanceof ApiError && (list.error.status === 404 || list.error.status === 403);
  const canWrite = !readOnly && owner.canWrite && !!ownerId && !outOfScope;
  const kindLabel = owner.kinds.find((k) => k.kind === kind)?.label ?? '';
  const maxBytes = owner.info?.maxBytes ?? 10 * 1024 * 1024;

  const upload = (file: File) => {
    const forKind = kind;
    if (!ownerId || !forKind) return;
    setUploadError(undefined);
    setNotice(undefined);
    if (file.size > maxBytes) {
      setUploadError(
        `「${file.name}」文件过大：单个附件不能超过 ${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB`,
      );
      return;
    }
    queue.current = queue.current.then(async () => {
      setUploading({ fileName: file.name, percent: 0 });
      try {
        const { created } = await uploadAttachment({
          ownerType,
          ownerId,
          kind: forKind,
          file,
          onProgress: (percent) => setUploading({ fileName: file.name, percent }),
        });
        if (!created) setNotice(`「${file.name}」此前已作为该用途上传过，未重复保存`);
        await afterChange();
      } catch (e) {
        setUploadError(`「${file.name}」上传失败：${errorText(e)}`);
      } finally {
        setUploading(undefined);
      }
    });
  };

  const header = (
    <Flex justify="space-between" align="center" gap={8} wrap>
      <span>
        {title}
        {list.items && <Typography.Text type="secondary">（{active(list.items).length}）</Typography.Text>}
      </span>
      <Flex gap={8} align="center">
        <Switch size="small" checked={showRemoved} onChange={setShowRemoved} aria-label="显示已删除的附件" />
        <Typography.Text type="secondary">含已删除</Typography.Text>
        <Button
          size="small"
          type="text"
          icon={<ReloadOutlined />}
          aria-label="刷新附件列表"
          onClick={() => void list.reload()}
        />
      </Flex>
    </Flex>
  );

  const uploadBar = canWrite && (
    <Flex vertical gap={8} className="attachments-upload">
      <Flex gap={8} wrap align="center">
        {owner.kinds.length > 1 ? (
          <Select
            aria-label="附件用途"
            style={{ minWidth: 160 }}
            value={kind}
            onChange={setKind}
            options={owner.kinds.map((k) => ({ value: k.kind, label: k.label }))}
          />
        ) : (
          kindLabel && <Tag>{kindLabel}</Tag>
        )}
        <UploadButtons
          onFile={upload}
          busy={!!uploading}
          disabled={!kind}
          camera={touch}
          cameraFirst={!!kind && isPhotoKind(kind, kindLabel)}
          multiple
        />
        <Typography.Text type="secondary" className="attachments-hint">
          JPG/PNG/WebP/TIFF/PDF，单个不超过 {formatFileSize(maxBytes)}
        </Typography.Text>
      </Flex>
      {uploading && (
        <Flex gap={8} align="center">
          <Typography.Text ellipsis style={{ maxWidth: 240 }}>
            正在上传「{uploading.fileName}」
          </Typography.Text>
          <Progress percent={uploading.percent} size="small" style={{ flex: 1, maxWidth: 240 }} />
        </Flex>
      )}
      {uploadError && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={uploadError}
          closable={{ onClose: () => setUploadError(undefined) }}
        />
      )}
      {notice && (
        <Alert type="info" showIcon title={notice} closable={{ onClose: () => setNotice(undefined) }} />
      )}
    </Flex>
  );

  // A user without the owner type's read permission has nothing to see here.
  if (owner.info && !owner.canRead) return null;

  let body: ReactNode;
  if (!ownerId) {
    body = <EmptyState>请先保存记录，再上传附件</EmptyState>;
  } else if (owner.error !== undefined) {
    body = <Alert type="warning" showIcon title="附件设置加载失败" description={errorText(owner.error)} />;
  } else {
    body = (
      <Flex vertical gap={12}>
        {uploadBar}
        {list.error !== undefined &&
          (outOfScope ? (
            <Typography.Text type="secondary">
              您的账号不能查看此记录的附件（{errorText(list.error)}）
            </Typography.Text>
          ) : (
            <Alert
              type="error"
              showIcon
              title="附件列表加载失败"
              description={errorText(list.error)}
              action={
                <Button size="small" onClick={() => void list.reload()}>
                  重试
                </Button>
              }
            />
          ))}
        <Image.PreviewGroup>
          <List<AttachmentView>
            className="attachments-list"
            loading={list.loading && !list.items}
            dataSource={shown}
            rowKey="id"
            locale={{
              emptyText: <EmptyState>{canWrite ? '还没有附件，选择用途后上传' : '还没有附件'}</EmptyState>,
            }}
            renderItem={(a) => (
              <AttachmentItem
                attachment={a}
                viewReason={viewReason}
                onRemove={canWrite && a.status === 'active' ? () => setRemoving(a) : undefined}
              />
            )}
          />
        </Image.PreviewGroup>
      </Flex>
    );
  }

  return (
    <>
      {bare ? (
        <section className="attachments-panel" aria-label={typeof title === 'string' ? title : '附件'}>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {header}
          </Typography.Title>
          {body}
        </section>
      ) : (
        <Card className="attachments-panel" title={header} size="small">
          {body}
        </Card>
      )}
      <RemoveDialog
        attachment={removing}
        onClose={() => setRemoving(undefined)}
        onRemoved={() => {
          setRemoving(undefined);
          setUploadError(undefined);
          setNotice(undefined);
          void afterChange();
        }}
      />
    </>
  );
}

function AttachmentItem({
  attachment: a,
  viewReason,
  onRemove,
}: {
  attachment: AttachmentView;
  viewReason?: string;
  onRemove?: () => void;
}) {
  const removed = a.status === 'removed';
  const url = attachmentContentUrl(a.id, viewReason);
  const thumb =
    !removed && PREVIEWABLE_TYPES.has(a.mediaType) ? (
      <Image
        src={attachmentContentUrl(a.id, viewReason ?? THUMBNAIL_REASON)}
        alt={`${a.kindLabel}：${a.fileName}`}
        width={64}
        height={64}
        style={{ objectFit: 'cover', borderRadius: 4 }}
        preview={{ src: url }}
      />
    ) : (
      <span className="attachments-icon" aria-hidden>
        {a.mediaType === 'application/pdf' ? (
          <FilePdfOutlined style={{ fontSize: 40, color: '#cf1322' }} />
        ) : (
          <FileImageOutlined style={{ fontSize: 40, color: '#1677ff' }} />
        )}
      </span>
    );
  return (
    <List.Item
      data-testid="attachment-item"
      actions={[
        !removed && (
          <Typography.Link key="open" href={url} target="_blank" rel="noopener">
            查看
          </Typography.Link>
        ),
        onRemove && (
          <Button key="remove" type="link" danger size="small" icon={<DeleteOutlined />} onClick={onRemove}>
            删除
          </Button>
        ),
      ].filter(Boolean)}
    >
      <List.Item.Meta
        avatar={<div style={{ width: 64, textAlign: 'center' }}>{thumb}</div>}
        title={
          <Flex gap={8} wrap align="center">
            <Tag color={removed ? 'default' : 'blue'}>{a.kindLabel}</Tag>
            {removed ? (
              <Typography.Text delete type="secondary">
                {a.fileName}
              </Typography.Text>
            ) : (
              <Typography.Link href={url} target="_blank" rel="noopener" className="attachment-name">
                {a.fileName}
              </Typography.Link>
            )}
            {removed && <Tag color="red">已删除</Tag>}
          </Flex>
        }
        description={
          <Flex vertical gap={2}>
            <span>
              {formatFileSize(a.sizeBytes)} · {a.uploadedBy} 上传于 {formatDateTime(a.uploadedAt)}
            </span>
            {removed && (
              <span>
                {a.removedBy} 删除于 {formatDateTime(a.removedAt)}；原因：{a.removeReason}
              </span>
            )}
          </Flex>
        }
      />
    </List.Item>
  );
}

/** Removing asks for a reason (the server requires one and records it in the audit log). */
function RemoveDialog({
  attachment,
  onClose,
  onRemoved,
}: {
  attachment: AttachmentView | undefined;
  onClose: () => void;
  onRemoved: () => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (attachment) {
      form.resetFields();
      setError(undefined);
    }
  }, [attachment, form]);

  const submit = async () => {
    if (!attachment) return;
    const { reason } = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      await removeAttachment(attachment.id, reason.trim());
      onRemoved();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title="删除附件"
      open={!!attachment}
      okText="删除"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      forceRender
    >
      {attachment && (
        <Typography.Paragraph>
          将删除「{attachment.kindLabel}」附件「{attachment.fileName}
          」。文件仍保留以备核查，删除原因记入审计日志。
        </Typography.Paragraph>
      )}
      {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error} />}
      <Form form={form} name="remove-attachment" layout="vertical">
        <Form.Item
          name="reason"
          label="删除原因"
          rules={[
            { required: true, whitespace: true, message: '请填写删除原因' },
            { min: 2, message: '删除原因至少 2 个字' },
          ]}
        >
          <Input.TextArea rows={3} maxLength={200} showCount placeholder="例如：照片模糊，已重新拍摄上传" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
