import { Flex, Progress, Select, Typography } from 'antd';
import { useRef, useState } from 'react';
import { errorText } from '../api-client';
import { formatDateTime } from '../format';
import {
  attachmentContentUrl,
  formatFileSize,
  isPhotoKind,
  uploadAttachment,
  type AttachmentView,
} from './attachments.api';
import { UploadButtons } from './upload-buttons';
import { useAttachments, useOwnerType, useTouchDevice } from './use-attachments';

export interface AttachmentPickerProps {
  ownerType: string;
  /** The owner record; empty: the picker says to save the record first. */
  ownerId: string | null | undefined;
  /** The one purpose the form cites (`signed_declaration`, `police_handover` …). */
  kind: string;
  /** The cited attachment id (a Form.Item passes it). */
  value?: string | null;
  onChange?: (id: string | undefined, attachment?: AttachmentView) => void;
  disabled?: boolean;
  /** The control's id (a Form.Item sets it so its label points here). */
  id?: string;
  placeholder?: string;
  /** Allow clearing the choice; default true. */
  allowClear?: boolean;
}

/**
 * For a form that cites one attachment (a signed declaration, a police handover form): pick one of the
 * owner record's active attachments of that purpose, or upload a new one (「拍照」 on a tablet), which is
 * then picked. `value` is the attachment id, so it works as an antd form control
 * (`<Form.Item name="declarationAttachmentId"><AttachmentPicker … /></Form.Item>`). The server's error
 * (size, type, scope) is shown under the control; the form keeps what was typed.
 */
export function AttachmentPicker({
  ownerType,
  ownerId,
  kind,
  value,
  onChange,
  disabled,
  id,
  placeholder,
  allowClear = true,
}: AttachmentPickerProps) {
  const owner = useOwnerType(ownerType, [kind]);
  const list = useAttachments(ownerType, ownerId);
  const touch = useTouchDevice();
  const [uploading, setUploading] = useState<number>();
  const [error, setError] = useState<string>();
  const busy = useRef(false);

  const label = owner.kinds[0]?.label ?? kind;
  const options = (list.items ?? []).filter((a) => a.kind === kind && a.status === 'active');
  const selected = options.find((a) => a.id === value);
  const maxBytes = owner.info?.maxBytes ?? 10 * 1024 * 1024;

  if (!ownerId) {
    return <Typography.Text type="secondary">请先保存记录，再上传{label}</Typography.Text>;
  }

  const upload = async (file: File) => {
    if (busy.current) return;
    setError(undefined);
    if (file.size > maxBytes) {
      setError(`文件过大：单个附件不能超过 ${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB`);
      return;
    }
    busy.current = true;
    setUploading(0);
    try {
      const { attachment } = await uploadAttachment({
        ownerType,
        ownerId,
        kind,
        file,
        onProgress: setUploading,
      });
      await list.reload();
      onChange?.(attachment.id, attachment);
    } catch (e) {
      setError(`上传失败：${errorText(e)}`);
    } finally {
      busy.current = false;
      setUploading(undefined);
    }
  };

  const canWrite = owner.canWrite && !disabled;
  return (
    <Flex vertical gap={4} className="attachment-picker">
      <Flex gap={8} wrap align="center">
        <Select<string>
          id={id}
          aria-label={`选择${label}`}
          style={{ minWidth: 240, flex: '1 1 240px', maxWidth: 420 }}
          disabled={disabled}
          loading={list.loading}
          allowClear={allowClear}
          placeholder={placeholder ?? (options.length ? `选择已上传的${label}` : `尚无${label}，请上传`)}
          value={value ?? undefined}
          status={error ? 'error' : undefined}
          onChange={(next: string | undefined) =>
            onChange?.(next, next ? options.find((a) => a.id === next) : undefined)
          }
          options={[
            ...options.map((a) => ({
              value: a.id,
              label: `${a.fileName}（${formatFileSize(a.sizeBytes)}，${formatDateTime(a.uploadedAt)}）`,
            })),
            // An id the list does not hold (removed since, or still loading): shown, not silently dropped.
            ...(value && !selected && !list.loading
              ? [{ value, label: `附件 ${value.slice(-8)}（已删除或不可用）` }]
              : []),
          ]}
        />
        {canWrite && (
          <UploadButtons
            onFile={(f) => void upload(f)}
            busy={uploading !== undefined}
            camera={touch}
            cameraFirst={isPhotoKind(kind, label)}
            fileLabel={`上传${label}`}
          />
        )}
        {selected && (
          <Typography.Link href={attachmentContentUrl(selected.id)} target="_blank" rel="noopener">
            查看
          </Typography.Link>
        )}
      </Flex>
      {uploading !== undefined && <Progress percent={uploading} size="small" style={{ maxWidth: 240 }} />}
      {error && (
        <Typography.Text type="danger" role="alert">
          {error}
        </Typography.Text>
      )}
      {list.error !== undefined && (
        <Typography.Text type="warning">附件列表加载失败：{errorText(list.error)}</Typography.Text>
      )}
    </Flex>
  );
}
