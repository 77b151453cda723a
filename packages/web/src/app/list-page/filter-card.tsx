import { SearchOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Input, Select } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { DivisionBreadcrumb } from '../layout/division-breadcrumb';
import type { FilterField, FilterFields, FilterValues } from './filters';
import type { ListQueryState } from './use-list-query';

interface FilterCardProps<F extends FilterFields> {
  list: Pick<ListQueryState<F>, 'fields' | 'formValues' | 'key' | 'setFilters' | 'reset'>;
  /** The form's name (field ids are `<name>_<field>`). */
  name: string;
  /** Controls for filters whose choices come from the server (e.g. a Select of import batches). */
  controls?: Partial<Record<keyof F, ReactNode>>;
  /** Shows the picked division above the form (lists kept per division). */
  breadcrumb?: boolean;
  /** A line between the breadcrumb and the form (e.g. "only this job's results"). */
  notice?: ReactNode;
}

/**
 * The filter card of a list page: an inline Ant Design form with 查询 and 重置. It shows the filters
 * in the URL (also after the back button) and writes the submitted ones back to the URL.
 */
export function FilterCard<F extends FilterFields>({
  list,
  name,
  controls = {},
  breadcrumb = false,
  notice,
}: FilterCardProps<F>) {
  const [form] = Form.useForm<FilterValues<F>>();
  const { formValues, key } = list;
  useEffect(() => {
    form.setFieldsValue(formValues);
    // Follows the URL: `key` changes whenever the filters in it do.
  }, [form, key]);

  return (
    <Card style={{ marginBottom: 16 }}>
      {breadcrumb && <DivisionBreadcrumb />}
      {notice}
      <Form<FilterValues<F>>
        form={form}
        name={name}
        layout="inline"
        style={{ marginTop: breadcrumb || notice ? 12 : 0, rowGap: 12 }}
        initialValues={formValues}
        onFinish={list.setFilters}
      >
        {Object.entries(list.fields).map(([field, spec]) => {
          const control = (controls as Record<string, ReactNode>)[field] ?? defaultControl(spec);
          return (
            control &&
            spec.ui && (
              <Form.Item key={field} name={field} label={spec.ui.label}>
                {control}
              </Form.Item>
            )
          );
        })}
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            查询
          </Button>
        </Form.Item>
        <Form.Item>
          <Button
            onClick={() => {
              form.setFieldsValue(cleared(formValues));
              list.reset();
            }}
          >
            重置
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

function defaultControl(spec: FilterField): ReactNode {
  const { ui } = spec;
  if (!ui) return null;
  const style = ui.width ? { width: ui.width } : undefined;
  if (spec.kind === 'range') return <DatePicker.RangePicker format="YYYY-MM-DD" allowEmpty={[true, true]} />;
  if (spec.options)
    return <Select allowClear placeholder={ui.placeholder ?? '全部'} options={spec.options} style={style} />;
  return <Input allowClear placeholder={ui.placeholder} style={style} />;
}

function cleared<V extends object>(values: V): V {
  return Object.fromEntries(Object.keys(values).map((name) => [name, undefined])) as V;
}
