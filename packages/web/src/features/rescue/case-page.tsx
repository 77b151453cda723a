import { Alert, Spin, Tag, Tabs } from 'antd';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { errorText } from '../../app/api-client';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import { actionsCaseSections } from './actions.case-section';
import { departureCaseSections } from './departure.case-section';
import { familyCaseSections } from './family.case-section';
import { caseStatusLabels, identityColors, identityLabels, intakeApi } from './intake.api';
import { intakeCaseSections } from './intake.case-section';
import { caseDisplayName } from './rescue-format';
import { RescueNav } from './rescue-nav';
import { stayCaseSections } from './stay.case-section';

const sections = [
  ...intakeCaseSections,
  ...stayCaseSections,
  ...actionsCaseSections,
  ...departureCaseSections,
  ...familyCaseSections,
];

/** 救助案件: one person's stay, one tab per concern (基本信息、照料与托养、规定动作、离站与安置). */
export function RescueCasePage() {
  const { id = '' } = useParams();
  const [searchParams] = useSearchParams();
  const [revision, setRevision] = useState(0);
  // One read of the case per view and revision (audited once); the 基本信息 tab shows the same answer.
  const { data: view, error } = useApi((signal) => intakeApi.getCase(id, signal), [id, revision]);
  const who = view ? caseDisplayName(view.personName, view.caseNo) : undefined;
  return (
    <>
      <PageHeader
        title={who ? `救助案件：${who}` : '救助案件'}
        documentTitle="救助案件"
        subTitle={
          view && (
            <>
              {view.caseNo} · {view.stationName} · {caseStatusLabels[view.status]}{' '}
              <Tag color={identityColors[view.identityStatus]}>{identityLabels[view.identityStatus]}</Tag>
            </>
          )
        }
        breadcrumb={[{ title: '在站人员', to: '/rescue/residents' }]}
      />
      <RescueNav activePath="/rescue/residents" />
      {error !== undefined && (
        <Alert type="error" showIcon title="案件加载失败" description={errorText(error)} />
      )}
      {!view && error === undefined && <Spin />}
      {view && (
        <Tabs
          defaultActiveKey={searchParams.get('tab') ?? undefined}
          items={sections.map((s) => ({
            key: s.key,
            label: s.title,
            children: (
              <s.component
                caseId={id}
                view={view}
                revision={revision}
                onChanged={() => setRevision((r) => r + 1)}
              />
            ),
          }))}
        />
      )}
    </>
  );
}
