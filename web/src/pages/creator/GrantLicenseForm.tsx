import { Alert, Button, Checkbox, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDescribeProblem } from '../../components/problem-alert.tsx';
import { fetchJson } from '../../api/client.ts';
import { LICENSE_EXCLUSIVITY, LICENSE_SCOPES, type LicenseView } from '../../api/works-types.ts';
import {
  cleanText,
  dateRule,
  LIMITS,
  listRule,
  PATTERNS,
  placeIssues,
  readIssues,
  textRule,
  todayUtc,
} from './work-rules.ts';

// Grant a licence of a work (POST /v1/works/:number/licenses) with the API's rules for its terms.

interface GrantValues {
  licenseeName: string;
  licenseeId?: string;
  scope: string[];
  territory: string;
  termStart: string;
  termEnd?: string;
  exclusivity: string;
  domains?: string;
  appIds?: string;
  remarks?: string;
}

function splitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[,，、;；\s]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function toTerms(values: GrantValues): Record<string, unknown> {
  const licensee: Record<string, string> = { name: cleanText(values.licenseeName) };
  if (cleanText(values.licenseeId) !== '') licensee['idNumber'] = cleanText(values.licenseeId);
  const terms: Record<string, unknown> = {
    licensee,
    scope: values.scope,
    territory: splitList(values.territory).map((code) => code.toUpperCase()),
    term: values.termEnd ? { start: values.termStart, end: values.termEnd } : { start: values.termStart },
    exclusivity: values.exclusivity,
    domains: splitList(values.domains).map((host) => host.toLowerCase().replace(/\.$/, '')),
    appIds: splitList(values.appIds),
  };
  if (cleanText(values.remarks) !== '') terms['remarks'] = cleanText(values.remarks);
  return terms;
}

const ISSUE_FIELDS: Record<string, keyof GrantValues> = {
  'licensee.name': 'licenseeName',
  'licensee.idNumber': 'licenseeId',
  scope: 'scope',
  territory: 'territory',
  'term.start': 'termStart',
  'term.end': 'termEnd',
  exclusivity: 'exclusivity',
  domains: 'domains',
  appIds: 'appIds',
  remarks: 'remarks',
};

export function GrantLicenseForm({
  workNumber,
  onGranted,
}: {
  workNumber: string;
  onGranted: (license: LicenseView) => void;
}) {
  const { t } = useTranslation('creator');
  const describe = useDescribeProblem();
  const [form] = Form.useForm<GrantValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const listOf = (pattern: RegExp, key: string, transform: (item: string) => string = (item) => item) => ({
    validator: (rule: unknown, value: string | undefined) =>
      listRule(t, { min: 0, max: LIMITS.listItems, pattern, patternKey: key }).validator(
        rule,
        splitList(value).map(transform),
      ),
  });

  const submit = async (values: GrantValues) => {
    setBusy(true);
    setProblem(null);
    try {
      const answer = await fetchJson<{ license: LicenseView }>(
        `/v1/works/${encodeURIComponent(workNumber)}/licenses`,
        {
          method: 'POST',
          json: toTerms(values),
        },
      );
      form.resetFields();
      onGranted(answer.license);
    } catch (error) {
      placeIssues(
        readIssues(error),
        (field) => ISSUE_FIELDS[field],
        (fields) => form.setFields(fields),
      );
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      disabled={busy}
      onFinish={(values) => void submit(values)}
      initialValues={{
        scope: ['network-dissemination'],
        territory: 'CN',
        exclusivity: 'non-exclusive',
        termStart: todayUtc(),
      }}
    >
      <Form.Item
        name="licenseeName"
        label={t('licenses.licenseeName')}
        rules={[textRule(t, LIMITS.licensee)]}
      >
        <Input autoComplete="organization" />
      </Form.Item>
      <Form.Item
        name="licenseeId"
        label={t('licenses.licenseeId')}
        rules={[textRule(t, LIMITS.licensee, false)]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="scope"
        label={t('licenses.scope')}
        // A validator, not `required`: antd would put aria-required on the group, which it may not hold.
        rules={[
          {
            validator: async (_rule, value: unknown) => {
              if (!Array.isArray(value) || value.length === 0) throw new Error(t('rules.required'));
            },
          },
        ]}
      >
        <Checkbox.Group
          role="group"
          aria-label={t('licenses.scope')}
          options={LICENSE_SCOPES.map((scope) => ({
            value: scope,
            label: t(`licenses.scopeNames.${scope}`),
          }))}
        />
      </Form.Item>
      <Form.Item
        name="territory"
        label={t('licenses.territory')}
        extra={t('licenses.territoryHelp')}
        rules={[
          {
            validator: (rule, value: string | undefined) =>
              listRule(t, {
                min: 1,
                max: 250,
                pattern: PATTERNS.territory,
                patternKey: 'rules.territory',
              }).validator(
                rule,
                splitList(value).map((code) => code.toUpperCase()),
              ),
          },
        ]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="termStart" label={t('licenses.termStart')} rules={[dateRule(t, { required: true })]}>
        <Input type="date" />
      </Form.Item>
      <Form.Item
        name="termEnd"
        label={t('licenses.termEnd')}
        dependencies={['termStart']}
        rules={[
          dateRule(t, {
            required: false,
            notBefore: () => form.getFieldValue('termStart') as string | undefined,
          }),
        ]}
      >
        <Input type="date" />
      </Form.Item>
      <Form.Item
        name="exclusivity"
        label={t('licenses.exclusivity')}
        rules={[{ required: true, message: t('rules.required') }]}
      >
        <Select
          options={LICENSE_EXCLUSIVITY.map((kind) => ({
            value: kind,
            label: t(`licenses.exclusivityNames.${kind}`),
          }))}
        />
      </Form.Item>
      <Form.Item
        name="domains"
        label={t('licenses.domains')}
        extra={t('licenses.domainsHelp')}
        rules={[listOf(PATTERNS.host, 'rules.host', (host) => host.toLowerCase().replace(/\.$/, ''))]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="appIds" label={t('licenses.appIds')} rules={[listOf(PATTERNS.appId, 'rules.appId')]}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="remarks"
        label={t('licenses.remarks')}
        rules={[{ max: LIMITS.remarks, message: t('rules.tooLong', { max: LIMITS.remarks }) }]}
      >
        <Input.TextArea rows={2} />
      </Form.Item>
      {problem !== null && (
        <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={describe(problem)} />
      )}
      <Button type="primary" htmlType="submit">
        {t('licenses.submit')}
      </Button>
    </Form>
  );
}
