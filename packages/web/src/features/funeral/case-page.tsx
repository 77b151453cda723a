import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Tabs, Tag } from 'antd';
import {
  FUNERAL_IDENTITY_NAMES,
  FUNERAL_PAYER_NAMES,
  FUNERAL_STEP_NAMES,
} from '@social-affairs/kernel/contracts/funeral';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { formatDate } from '../../app/format';
import { LoadError } from '../../app/list-page';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import { billingCaseSections } from './billing.case-section';
import { certificatesCaseSections } from './certificates.case-section';
import { STEP_COLORS, custodyApi, custodyUrls } from './custody.api';
import { custodyCaseSections } from './custody.case-section';
import { deathsCaseSections } from './deaths.case-section';
import { FuneralNav } from './funeral-nav';

const sections = [
  ...custodyCaseSections,
  ...certificatesCaseSections,
  ...deathsCaseSections,
  ...billingCaseSections,
];

/**
 * 遗体档案: one body's file, one tab per concern. The header (custody concern) names the case number,
 * the deceased (or 无名), the step and the funeral home, and prints the barcode label.
 */
export function FuneralCasePage() {
  const { id = '' } = useParams();
  const [searchParams] = useSearchParams();
  const [revision, setRevision] = useState(0);
  const head = useApi((signal) => custodyApi.get(id, signal), [id, revision]);
  const c = head.data;
  const name = c ? (c.identityStatus === 'unidentified' ? '无名' : (c.nameGiven ?? '—')) : '';
  return (
    <>
      <PageHeader
        title={c ? `遗体档案 ${c.caseNo}` : '遗体档案'}
        documentTitle="遗体档案"
        subTitle={
          c && (
            <>
              <strong data-testid="funeral-case-name">{name}</strong>{' '}
              <Tag color={STEP_COLORS[c.step]} data-testid="funeral-case-step">
                {FUNERAL_STEP_NAMES[c.step]}
              </Tag>
              {c.facilityName}
            </>
          )
        }
        breadcrumb={[{ title: '遗体档案', to: '/funeral/cases' }]}
        extra={
          c && (
            <Button icon={<PrinterOutlined />} href={custodyUrls.label(c.id)} target="_blank">
              打印条码标识
            </Button>
          )
        }
      />
      <FuneralNav activePath="/funeral/cases" />
      <LoadError error={head.error} title="遗体档案加载失败" onRetry={head.reload} />
      {searchParams.get('created') && c && (
        <Alert
          type="success"
          showIcon
          closable
          style={{ marginBottom: 12 }}
          title={`接运单已登记：档案编号 ${c.caseNo}，遗体条码 ${c.bodyCode}。请打印条码标识系于遗体，接运时扫码登记。`}
        />
      )}
      {c && (
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }} style={{ marginBottom: 12 }}>
          <Descriptions.Item label="身份">{FUNERAL_IDENTITY_NAMES[c.identityStatus]}</Descriptions.Item>
          <Descriptions.Item label="死亡日期">{formatDate(c.deathDate) || '不详'}</Descriptions.Item>
          <Descriptions.Item label="付费方">{FUNERAL_PAYER_NAMES[c.payer]}</Descriptions.Item>
          <Descriptions.Item label="遗体条码">{c.bodyCode}</Descriptions.Item>
          {c.urnCode && <Descriptions.Item label="骨灰盒条码">{c.urnCode}</Descriptions.Item>}
        </Descriptions>
      )}
      <Tabs
        defaultActiveKey={searchParams.get('tab') ?? undefined}
        items={sections.map((s) => ({
          key: s.key,
          label: s.title,
          children: (
            <s.component caseId={id} revision={revision} onChanged={() => setRevision((r) => r + 1)} />
          ),
        }))}
      />
    </>
  );
}
