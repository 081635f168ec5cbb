import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  certifyBundle,
  formatCertificateTime,
  renderVerificationPage,
  type BilingualText,
  type VerificationView,
} from '../../certificate/index.ts';
import { isSealchainError } from '../../errors/index.ts';
import { describeRegistrationHold, parseRegistrationNumber } from '../../registry/index.ts';
import { CheckpointChecker, checkBundle } from '../../verify/index.ts';
import { findChain } from '../chain-lookup.ts';
import { DOCUMENT_SECURITY_HEADERS } from '../document-headers.ts';
import { readLicenseRevocation } from '../../services/index.ts';
import type { ApiContext, ApiEnv, ChainHandle } from '../context.ts';
import { describeEntrySubject } from '../../services/index.ts';
import { locateVerifyPage, readFinalRecord } from './certificates.ts';
import { findWorksService } from './works.ts';

// GET /verify/{number} and /verify/{chain}/{index}: the page a QR code on a certificate opens. The
// node checks the record's proof bundle against the consortium file with src/verify, exactly as an
// offline verifier would, and shows every check to the person reading it.

const INDEX_PATTERN = /^(0|[1-9][0-9]{0,15})$/;

const NOT_FOUND: BilingualText = { zh: '未找到记录', en: 'No such record' };
const PENDING: BilingualText = { zh: '尚未最终确认', en: 'Not final yet' };
const INVALID: BilingualText = { zh: '编号有误', en: 'Malformed number' };
const UNDER_REVIEW: BilingualText = { zh: '审查中，尚未登记', en: 'Under review, not registered' };
const REJECTED: BilingualText = { zh: '登记已被驳回', en: 'Registration rejected' };
const NOT_REGISTRATION: BilingualText = {
  zh: '非本登记机构的登记',
  en: 'Not a registration of the registry',
};

/** The page's headline for a registry refusal to describe the entry (see readRegistryRecordOfEntry). */
const REGISTRY_REFUSALS: Readonly<Record<string, BilingualText>> = {
  REGISTRATION_UNDER_REVIEW: UNDER_REVIEW,
  REGISTRATION_REJECTED: REJECTED,
  ENTRY_NOT_REGISTRATION: NOT_REGISTRATION,
};

function page(c: Context<ApiEnv>, view: VerificationView, status: 200 | 400 | 404 | 409 | 503): Response {
  return c.html(renderVerificationPage(view), status, {
    'cache-control': 'no-store',
    ...DOCUMENT_SECURITY_HEADERS,
  });
}

async function verifyEntry(
  c: Context<ApiEnv>,
  context: ApiContext,
  chain: ChainHandle,
  index: number,
  subjectText: string,
  extraLinks: VerificationView['links'] = [],
): Promise<Response> {
  const { stored, bundle } = await readFinalRecord(context, chain, index, 0);
  const links = [
    { label: { zh: '证明包', en: 'Proof bundle' }, href: `/v1/chains/${chain.name}/entries/${index}/bundle` },
    ...extraLinks,
  ];
  if (bundle === null) {
    return page(
      c,
      {
        subject: subjectText,
        problem: {
          title: PENDING,
          detail: `entry ${index} of chain ${chain.name} is recorded but no checkpoint cosigned by the witnesses' quorum covers it yet; reload in a moment`,
        },
        links,
      },
      503,
    );
  }
  const report = checkBundle(bundle, context.consortium.trust, {}, new CheckpointChecker());
  const view: VerificationView = { subject: subjectText, report, links };
  if (report.ok) {
    let subject;
    try {
      subject = await describeEntrySubject(context, chain, stored);
    } catch (error) {
      const title = isSealchainError(error) ? REGISTRY_REFUSALS[error.code] : undefined;
      if (title === undefined) throw error;
      return page(c, { subject: subjectText, problem: { title, detail: describe(error) }, links }, 409);
    }
    view.certificate = certifyBundle(bundle, context.consortium.trust, subject, {
      verifyUrl: locateVerifyPage(c, subjectText),
    });
    const certificatePath =
      subject.number !== undefined && subject.kind === 'work'
        ? `/v1/works/${subject.number}/certificate.pdf`
        : `/v1/chains/${chain.name}/entries/${index}/certificate.pdf`;
    links.unshift({ label: { zh: '证书', en: 'Certificate (PDF)' }, href: certificatePath });
  }
  return page(c, view, 200);
}

async function verifyNumber(c: Context<ApiEnv>, context: ApiContext, text: string): Promise<Response> {
  let number;
  try {
    number = parseRegistrationNumber(text);
  } catch (error) {
    return page(c, { subject: text.slice(0, 64), problem: { title: INVALID, detail: describe(error) } }, 400);
  }
  const works = findWorksService(context);
  const chain = works === undefined ? undefined : context.chains.get(works.chainName);
  if (works === undefined || chain === undefined) {
    const detail = 'this node does not keep the works registry: open this page on the works chain node';
    return page(c, { subject: number.text, problem: { title: NOT_FOUND, detail } }, 404);
  }
  try {
    if (number.kind === 'W') {
      const work = await works.registry.readWork(number.text);
      const hold = describeRegistrationHold(work);
      if (hold !== null && work.entry !== null) {
        const title = work.review === 'rejected' ? REJECTED : UNDER_REVIEW;
        const links = [
          {
            label: { zh: '登记申请的证明包', en: 'Proof bundle of the application' },
            href: `/v1/chains/${chain.name}/entries/${work.entry.index}/bundle`,
          },
        ];
        return page(
          c,
          { subject: number.text, problem: { title, detail: `${hold.zh}\n${hold.en}` }, links },
          409,
        );
      }
      return await verifyEntry(c, context, chain, work.entry!.index, number.text);
    }
    const license = await works.licenses.readLicense(number.text);
    const revocation = readLicenseRevocation(license, chain.name);
    const when = revocation === undefined ? '' : formatCertificateTime(revocation.time);
    const extra =
      revocation === undefined
        ? []
        : [
            {
              label: { zh: `撤销记录（${when}）`, en: 'revocation record' },
              href: `/verify/${chain.name}/${revocation.index}`,
            },
          ];
    return await verifyEntry(c, context, chain, license.entry!.index, number.text, extra);
  } catch (error) {
    if (isSealchainError(error) && /NOT_FOUND$/.test(error.code)) {
      return page(c, { subject: number.text, problem: { title: NOT_FOUND, detail: error.message } }, 404);
    }
    throw error;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function registerVerifyPageRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.get('/verify/:number', (c) => verifyNumber(c, context, c.req.param('number')));
  app.get('/verify/:chain/:index', async (c) => {
    const subject = `${c.req.param('chain')}/${c.req.param('index')}`.slice(0, 96);
    let chain: ChainHandle;
    try {
      chain = findChain(context, c.req.param('chain'));
    } catch (error) {
      return page(c, { subject, problem: { title: NOT_FOUND, detail: describe(error) } }, 404);
    }
    const indexText = c.req.param('index');
    if (!INDEX_PATTERN.test(indexText) || Number(indexText) >= chain.ledger.size) {
      const detail = `chain ${chain.name} has no entry ${indexText.slice(0, 20)}`;
      return page(c, { subject, problem: { title: NOT_FOUND, detail } }, 404);
    }
    return verifyEntry(c, context, chain, Number(indexText), subject);
  });
}
