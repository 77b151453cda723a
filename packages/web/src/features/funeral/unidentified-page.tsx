/**
 * 无名遗体: the worklist of unidentified and unclaimed bodies in the user's scope — the claim notice's
 * countdown, police confirmation, photo and DNA/fingerprint, family-search candidates and what is still
 * missing before cremation; filters, paging, sorting and the Excel export. A row opens the case tab 身份与认领.
 */
import type { UnidentifiedItemDto } from '@social-affairs/kernel/contracts/funeral';
import { Alert, Select, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { formatDate } from '../../app/format';
import { ListPage, choiceFilter, textFilter, useListPage } from '../../app/list-page';
import { useApi } from '../../app/use-api';
import { deathsApi, deathsUrls } from './deaths.api';
import { FuneralNav } from './funeral-nav';

const filters = {
  q: textFilter({ label: '关键字', placeholder: '档案编号、遗体码或姓名', width: 220 }),
  state: choiceFilter({ open: '在馆', closed: '已办结' }, { label: '在馆状态', width: 110 }),
  notice: choiceFilter(
    { not_started: '未发布', running: '公告中', ended: '已届满' },
    { label: '认领公告', width: 110 },
  ),
  facilityId: textFilter({ label: '殡仪馆', width: 220 }),
};

const SEX = { male: '男', female: '女', unknown: '不详' } as const;

function noticeCell(r: UnidentifiedItemDto) {
  const n = r.readiness;
  if (!n.noticeEndsOn) return <Tag>未发布</Tag>;
  if (n.noticeEnded) return <Tag color="success">已届满（{formatDate(n.noticeEndsOn)}）</Tag>;
  return (
    <Tag color={(n.noticeDaysLeft ?? 0) <= 3 ? 'orange' : 'processing'}>
      还有 {n.noticeDaysLeft} 天（{formatDate(n.noticeEndsOn)}）
    </Tag>
  );
}

const yes = (b: boolean) => (b ? <Tag color="success">有</Tag> : <Tag color="warning">无</Tag>);

export function FuneralUnidentifiedPage() {
  const list = useListPage({
    filters,
    sortKeys: ['createdAt', 'noticeEndsOn', 'deathDate', 'caseNo'],
    load: (query, signal) => deathsApi.unidentified(query, signal),
  });
  const facilities = useApi((signal) => deathsApi.facilities(signal), []);
  const dueSoon = list.items.filter(
    (r) =>
      r.readiness.noticeDaysLeft !== null &&
      r.readiness.noticeDaysLeft >= 0 &&
      r.readiness.noticeDaysLeft <= 3,
  ).length;
  const notStarted = list.items.filter((r) => !r.readiness.noticeStartedOn && r.step !== 'cancelled').length;
  const columns: TableColumnsType<UnidentifiedItemDto> = [
    {
      title: '档案编号',
      key: 'caseNo',
      sorter: true,
      render: (_, r) => <Link to={`/funeral/cases/${encodeURIComponent(r.id)}?tab=deaths`}>{r.caseNo}</Link>,
    },
    {
      title: '身份',
      render: (_, r) =>
        r.identityStatus === 'unidentified' ? (
          <Tag color="orange">身份不明</Tag>
        ) : (
          <Tag color="red">无人认领：{r.nameGiven}</Tag>
        ),
    },
    {
      title: '性别/年龄',
      render: (_, r) => `${SEX[r.sex]}${r.estimatedAge !== null ? ` 约${r.estimatedAge}岁` : ''}`,
    },
    { title: '死亡日期', key: 'deathDate', sorter: true, render: (_, r) => formatDate(r.deathDate) },
    { title: '公安确认', render: (_, r) => yes(r.readiness.policeConfirmed) },
    { title: '照片', render: (_, r) => yes(r.readiness.photo) },
    { title: 'DNA/指纹', render: (_, r) => yes(r.readiness.dnaOrFingerprint) },
    { title: '认领公告', key: 'noticeEndsOn', sorter: true, render: (_, r) => noticeCell(r) },
    {
      title: '寻亲候选',
      render: (_, r) =>
        r.candidates === null ? (
          '—'
        ) : r.candidates > 0 ? (
          <Tag color="magenta">{r.candidates} 条待核查</Tag>
        ) : (
          '0'
        ),
    },
    {
      title: '下一步',
      render: (_, r) =>
        r.readiness.ready ? (
          <Tag color="success">可以火化</Tag>
        ) : (
          <span style={{ maxWidth: 220, display: 'inline-block' }}>
            补齐：{r.readiness.missing.join('、')}
          </span>
        ),
    },
  ];
  return (
    <ListPage
      list={list}
      title="无名遗体"
      unit="具"
      exportHref={deathsUrls.unidentifiedExport(list.exportQuery)}
      nav={<FuneralNav />}
      above={
        dueSoon + notStarted > 0 ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={`本页 ${notStarted} 具遗体尚未发布认领公告，${dueSoon} 具公告将在3天内届满：届满次日起可按规定火化。`}
          />
        ) : undefined
      }
      filterName="funeral-unidentified-filters"
      controls={{
        facilityId: (
          <Select
            allowClear
            placeholder="全部"
            style={{ width: 220 }}
            options={(facilities.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }))}
          />
        ),
      }}
      errorTitle="无名遗体工作清单加载失败"
      rowKey={(r) => r.id}
      columns={columns}
      empty={
        list.filtered
          ? '没有符合条件的遗体。'
          : '目前没有无名或无人认领的遗体。接运身份不明的遗体后，在遗体档案的“身份与认领”页签办理公安确认和认领公告。'
      }
    />
  );
}
