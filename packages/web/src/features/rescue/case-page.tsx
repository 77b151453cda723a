import { Tabs } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { PageHeader } from '../../app/page-header';
import { actionsCaseSections } from './actions.case-section';
import { departureCaseSections } from './departure.case-section';
import { intakeCaseSections } from './intake.case-section';
import { RescueNav } from './rescue-nav';
import { stayCaseSections } from './stay.case-section';

const sections = [
  ...intakeCaseSections,
  ...stayCaseSections,
  ...actionsCaseSections,
  ...departureCaseSections,
];

/** 救助案件: one person's stay, one tab per concern (基本信息、照料与托养、规定动作、离站与安置). */
export function RescueCasePage() {
  const { id = '' } = useParams();
  const [revision, setRevision] = useState(0);
  return (
    <>
      <PageHeader title="救助案件" breadcrumb={[{ title: '在站人员', to: '/rescue/residents' }]} />
      <RescueNav activePath="/rescue/residents" />
      <Tabs
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
