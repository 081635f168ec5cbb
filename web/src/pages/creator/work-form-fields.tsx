import { Checkbox, Form, Input, Select } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { WORK_TYPES } from '../../api/works-types.ts';
import { cleanText, dateRule, LIMITS, listRule, textRule } from './work-rules.ts';

// The particulars of a work as the register page asks for them, each field with the API's rule.

export interface WorkFormValues {
  title: string;
  authors: string;
  workType: string;
  creationDate: string;
  published?: boolean;
  publicationDate?: string;
  publicationPlace?: string;
  holderName: string;
  holderId?: string;
  licenseStatement?: string;
}

/** Authors as typed in one field, separated by commas, 、 or semicolons. */
export function splitAuthors(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[,，、;；]/)
    .map((author) => cleanText(author))
    .filter((author) => author !== '');
}

/** The metadata JSON the API takes (POST /v1/works, part `metadata`). */
export function toMetadata(values: WorkFormValues): Record<string, unknown> {
  const metadata: Record<string, unknown> = {
    title: cleanText(values.title),
    authors: splitAuthors(values.authors),
    workType: values.workType,
    creationDate: values.creationDate,
    rightsHolder:
      cleanText(values.holderId) === ''
        ? { name: cleanText(values.holderName) }
        : { name: cleanText(values.holderName), idNumber: cleanText(values.holderId) },
  };
  if (values.published === true) {
    metadata['firstPublication'] = {
      date: values.publicationDate,
      place: cleanText(values.publicationPlace),
    };
  }
  if (cleanText(values.licenseStatement) !== '')
    metadata['licenseStatement'] = cleanText(values.licenseStatement);
  return metadata;
}

/** The form field of a server issue's field (`rightsHolder.name` → holderName). */
export function fieldOfMetadataIssue(field: string): keyof WorkFormValues | undefined {
  const fields: Record<string, keyof WorkFormValues> = {
    title: 'title',
    authors: 'authors',
    workType: 'workType',
    creationDate: 'creationDate',
    'firstPublication.date': 'publicationDate',
    'firstPublication.place': 'publicationPlace',
    firstPublication: 'publicationDate',
    'rightsHolder.name': 'holderName',
    'rightsHolder.idNumber': 'holderId',
    licenseStatement: 'licenseStatement',
  };
  return fields[field];
}

export function WorkFormFields({ form }: { form: FormInstance<WorkFormValues> }) {
  const { t } = useTranslation('creator');
  const published = Form.useWatch('published', form) === true;
  return (
    <>
      <Form.Item name="title" label={t('register.workTitle')} rules={[textRule(t, LIMITS.title)]}>
        <Input maxLength={LIMITS.title * 2} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="authors"
        label={t('register.authors')}
        extra={t('register.authorsHelp')}
        rules={[
          {
            validator: (rule, value: string | undefined) =>
              listRule(t, { min: 1, max: LIMITS.authors, each: LIMITS.author }).validator(
                rule,
                splitAuthors(value),
              ),
          },
        ]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="workType"
        label={t('register.workType')}
        rules={[{ required: true, message: t('rules.required') }]}
      >
        <Select options={WORK_TYPES.map((type) => ({ value: type, label: t(`workType.${type}`) }))} />
      </Form.Item>
      <Form.Item
        name="creationDate"
        label={t('register.creationDate')}
        rules={[dateRule(t, { required: true, notFuture: true })]}
      >
        <Input type="date" />
      </Form.Item>
      <Form.Item name="published" valuePropName="checked">
        <Checkbox>{t('register.published')}</Checkbox>
      </Form.Item>
      {published && (
        <>
          <Form.Item
            name="publicationDate"
            label={t('register.publicationDate')}
            dependencies={['creationDate']}
            rules={[
              dateRule(t, {
                required: true,
                notFuture: true,
                notBefore: () => form.getFieldValue('creationDate') as string | undefined,
              }),
            ]}
          >
            <Input type="date" />
          </Form.Item>
          <Form.Item
            name="publicationPlace"
            label={t('register.publicationPlace')}
            rules={[textRule(t, LIMITS.place)]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        </>
      )}
      <Form.Item name="holderName" label={t('register.holderName')} rules={[textRule(t, LIMITS.holderName)]}>
        <Input autoComplete="name" />
      </Form.Item>
      <Form.Item
        name="holderId"
        label={t('register.holderId')}
        extra={t('register.holderIdHelp')}
        rules={[textRule(t, LIMITS.idNumber, false)]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="licenseStatement"
        label={t('register.licenseStatement')}
        rules={[textRule(t, LIMITS.licenseStatement, false)]}
      >
        <Input.TextArea rows={2} placeholder={t('register.licenseStatementPlaceholder')} />
      </Form.Item>
    </>
  );
}
