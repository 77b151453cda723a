import { Tabs } from 'antd';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { PageHeader } from '../../app/page-header';
import { billingCaseSections } from './billing.case-section';
import { certificatesCaseSections } from './certificates.case-section';
import { custodyCaseSections } from './custody.case-section';
import { deathsCaseSections } from './deaths.case-section';
import { FuneralNav } from './funeral-nav';

const sections = [
  ...custodyCaseSections,
  ...certificatesCaseSections,
  ...deathsCaseSections,
  ...billingCaseSections,
];

/** 遗体档案: one body's file, one tab per concern (the custody concern owns this page's header). */
export function FuneralCasePage() {
  const { id = '' } = useParams();
  const [searchParams] = useSearchParams();
  const [revision, setRevision] = useState(0);
  return (
    <>
      <PageHeader title="遗体档案" breadcrumb={[{ title: '遗体档案', to: '/funeral/cases' }]} />
      <FuneralNav activePath="/funeral/cases" />
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
