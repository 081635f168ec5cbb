import { Checkbox, Form, Input, Select } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { WORK_TYPES } from '../../api/works-types.ts';
import { buildWorkRules, type WorkFormValues } from './work-metadata-form.ts';
import { LIMITS } from './work-rules.ts';

// The particulars of a work as the register page asks for them, each field with the API's rule.

export function WorkFormFields({ form }: { form: FormInstance<WorkFormValues> }) {
  const { t } = useTranslation('creator');
  const published = Form.useWatch('published', form) === true;
  const rules = buildWorkRules(t, (field) => form.getFieldValue(field));
  return (
    <>
      <Form.Item name="title" label={t('register.workTitle')} rules={rules.title}>
        <Input maxLength={LIMITS.title * 2} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="authors"
        label={t('register.authors')}
        extra={t('register.authorsHelp')}
        rules={rules.authors}
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
      <Form.Item name="creationDate" label={t('register.creationDate')} rules={rules.creationDate}>
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
            rules={rules.publicationDate}
          >
            <Input type="date" />
          </Form.Item>
          <Form.Item
            name="publicationPlace"
            label={t('register.publicationPlace')}
            rules={rules.publicationPlace}
          >
            <Input autoComplete="off" />
          </Form.Item>
        </>
      )}
      <Form.Item name="holderName" label={t('register.holderName')} rules={rules.holderName}>
        <Input autoComplete="name" />
      </Form.Item>
      <Form.Item
        name="holderId"
        label={t('register.holderId')}
        extra={t('register.holderIdHelp')}
        rules={rules.holderId}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="licenseStatement"
        label={t('register.licenseStatement')}
        rules={rules.licenseStatement}
      >
        <Input.TextArea rows={2} placeholder={t('register.licenseStatementPlaceholder')} />
      </Form.Item>
    </>
  );
}
