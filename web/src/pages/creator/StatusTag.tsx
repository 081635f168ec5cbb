import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RegistrationStatus } from '../../api/works-types.ts';

// A registration's status as a coloured tag (colours with AA contrast on their background).
const COLOURS: Record<RegistrationStatus, string> = {
  registered: 'green',
  'pending-review': 'orange',
  rejected: 'red',
};

export function StatusTag({ status }: { status: RegistrationStatus }) {
  const { t } = useTranslation('creator');
  return (
    <Tag color={COLOURS[status]} data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  );
}
