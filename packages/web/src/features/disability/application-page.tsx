import { Tabs } from 'antd';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { PageHeader } from '../../app/page-header';
import { applicationsApplicationSections } from './applications.application-section';
import { DisabilityNav } from './disability-nav';
import { paymentsApplicationSections } from './payments.application-section';
import { reviewApplicationSections } from './review.application-section';

const sections = [
  ...applicationsApplicationSections,
  ...reviewApplicationSections,
  ...paymentsApplicationSections,
];

/** 补贴申请: one application, one tab per concern. */
export function DisabilityApplicationPage() {
  const { id = '' } = useParams();
  const [searchParams] = useSearchParams();
  const [revision, setRevision] = useState(0);
  return (
    <>
      <PageHeader title="两项补贴申请" breadcrumb={[{ title: '补贴申请', to: '/disability/applications' }]} />
      <DisabilityNav activePath="/disability/applications" />
      <Tabs
        defaultActiveKey={searchParams.get('tab') ?? undefined}
        items={sections.map((s) => ({
          key: s.key,
          label: s.title,
          children: (
            <s.component applicationId={id} revision={revision} onChanged={() => setRevision((r) => r + 1)} />
          ),
        }))}
      />
    </>
  );
}
