import { Alert, Button, Card, Form, Progress, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client.ts';
import { uploadWithProgress } from '../../api/upload.ts';
import type { RegistrationAnswer } from '../../../../src/api/contract/index.ts';
import { useDescribeProblem } from '../../components/problem-alert.tsx';
import { RegistrationResult } from './RegistrationResult.tsx';
import { WorkFormFields } from './work-form-fields.tsx';
import { fieldOfMetadataIssue, toMetadata, type WorkFormValues } from './work-metadata-form.ts';
import { placeIssues, readIssues, type FieldIssue } from './work-rules.ts';

// Register a work (POST /v1/works, multipart: the file and its metadata) with an upload progress
// bar; the form checks the API's rules first, and a refusal is shown on the field it names.

type Phase = { kind: 'form' } | { kind: 'uploading'; percent: number } | { kind: 'processing' };

export function RegisterWorkPage() {
  const { t } = useTranslation('creator');
  const describe = useDescribeProblem();
  const [form] = Form.useForm<WorkFormValues>();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'form' });
  const [refusal, setRefusal] = useState<{ problem: unknown; rest: FieldIssue[] } | null>(null);
  const [answer, setAnswer] = useState<RegistrationAnswer | null>(null);

  const checkFile = (chosen: File | null): boolean => {
    if (chosen === null) setFileError(t('rules.fileMissing'));
    else if (chosen.size === 0) setFileError(t('rules.fileEmpty'));
    else setFileError(null);
    return chosen !== null && chosen.size > 0;
  };

  const submit = async (values: WorkFormValues) => {
    if (!checkFile(file)) return;
    setRefusal(null);
    const body = new FormData();
    body.set('metadata', JSON.stringify(toMetadata(values)));
    body.set('file', file!, file!.name);
    setPhase({ kind: 'uploading', percent: 0 });
    try {
      const registered = await uploadWithProgress<RegistrationAnswer>(
        '/v1/works?wait=none',
        body,
        (progress) => {
          const percent = Math.floor((progress.loadedBytes / Math.max(1, progress.totalBytes)) * 100);
          setPhase(percent >= 100 ? { kind: 'processing' } : { kind: 'uploading', percent });
        },
      );
      setAnswer(registered);
    } catch (error) {
      const rest = placeIssues(readIssues(error), fieldOfMetadataIssue, (fields) => form.setFields(fields));
      if (error instanceof ApiProblem && ['FILE_EMPTY', 'BODY_TOO_LARGE'].includes(error.code)) {
        setFileError(describe(error));
      }
      if (error instanceof ApiProblem && error.code === 'WORK_TYPE_MISMATCH') {
        form.setFields([{ name: 'workType', errors: [describe(error)] }]);
      }
      setRefusal({ problem: error, rest });
    } finally {
      setPhase({ kind: 'form' });
    }
  };

  const reset = () => {
    form.resetFields();
    setFile(null);
    setAnswer(null);
    setRefusal(null);
  };

  const busy = phase.kind !== 'form';
  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }}>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('register.title')}
      </Typography.Title>
      {answer !== null ? (
        <RegistrationResult answer={answer} onAnother={reset} />
      ) : (
        <Card>
          <Typography.Paragraph type="secondary">{t('register.intro')}</Typography.Paragraph>
          <Form
            form={form}
            layout="vertical"
            onFinish={(values) => void submit(values)}
            onFinishFailed={() => checkFile(file)}
            disabled={busy}
            initialValues={{ workType: 'text' }}
          >
            <Form.Item
              label={t('register.file')}
              htmlFor="work-file"
              required
              extra={t('register.fileHelp')}
              validateStatus={fileError === null ? undefined : 'error'}
              help={fileError ?? undefined}
            >
              <input
                id="work-file"
                type="file"
                style={{ maxWidth: '100%' }}
                onChange={(event) => {
                  const chosen = event.target.files?.[0] ?? null;
                  setFile(chosen);
                  checkFile(chosen);
                }}
              />
            </Form.Item>
            <WorkFormFields form={form} />
            {phase.kind === 'uploading' && (
              <div role="status" aria-live="polite">
                <Progress
                  percent={phase.percent}
                  aria-label={t('register.uploading', { percent: phase.percent })}
                />
                {t('register.uploading', { percent: phase.percent })}
              </div>
            )}
            {phase.kind === 'processing' && (
              <div role="status" aria-live="polite">
                <Progress percent={100} status="active" aria-label={t('register.processing')} />
                {t('register.processing')}
              </div>
            )}
            {refusal !== null && (
              <Alert
                type="error"
                showIcon
                role="alert"
                style={{ marginBottom: 16 }}
                title={t('register.refused')}
                description={
                  refusal.rest.length > 0 ||
                  !(refusal.problem instanceof ApiProblem) ||
                  readIssues(refusal.problem).length === 0
                    ? describe(refusal.problem)
                    : t('register.fixFields')
                }
              />
            )}
            <Button type="primary" htmlType="submit" block>
              {t('register.submit')}
            </Button>
          </Form>
        </Card>
      )}
    </div>
  );
}
