import { CameraOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Upload } from 'antd';
import type { UploadProps } from 'antd';
import { ATTACHMENT_ACCEPT } from './attachments.api';

interface UploadButtonsProps {
  /** Called once per chosen file. */
  onFile: (file: File) => void;
  disabled?: boolean;
  busy?: boolean;
  /** Offer the camera (tablet or phone). */
  camera: boolean;
  /** The camera button is the primary one (a photo purpose). */
  cameraFirst?: boolean;
  multiple?: boolean;
  /** Text of the file button. */
  fileLabel?: string;
  size?: 'small' | 'middle' | 'large';
}

/**
 * 「选择文件」 and, on a tablet or phone, 「拍照」: Ant Design Upload buttons that hand the chosen File to
 * `onFile` and never send anything themselves (the caller uploads the raw body). The camera button is an
 * `<input type=file accept="image/*" capture="environment">`, which opens the rear camera directly; the
 * file button keeps the gallery and PDFs available.
 */
export function UploadButtons({
  onFile,
  disabled,
  busy,
  camera,
  cameraFirst,
  multiple,
  fileLabel = '选择文件',
  size,
}: UploadButtonsProps) {
  const common: UploadProps = {
    showUploadList: false,
    disabled: disabled || busy,
    beforeUpload: (file) => {
      onFile(file);
      // Handled by the caller: antd keeps no list and sends nothing.
      return Upload.LIST_IGNORE;
    },
  };
  const fileButton = (
    <Upload {...common} accept={ATTACHMENT_ACCEPT} multiple={multiple}>
      <Button
        size={size}
        icon={<UploadOutlined />}
        loading={busy}
        disabled={disabled}
        type={camera && cameraFirst ? 'default' : 'primary'}
      >
        {fileLabel}
      </Button>
    </Upload>
  );
  if (!camera) return fileButton;
  const cameraButton = (
    <Upload {...common} accept="image/*" capture="environment">
      <Button
        size={size}
        icon={<CameraOutlined />}
        disabled={disabled || busy}
        type={cameraFirst ? 'primary' : 'default'}
      >
        拍照
      </Button>
    </Upload>
  );
  return (
    <>
      {cameraFirst ? cameraButton : fileButton}
      {cameraFirst ? fileButton : cameraButton}
    </>
  );
}
