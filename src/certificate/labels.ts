// The bilingual wording of certificates and verification pages: Chinese first, as on the
// certificates of Chinese copyright centres and internet courts, English beside it.

export interface BilingualText {
  zh: string;
  en: string;
}

export const CERTIFICATE_KINDS = [
  'work',
  'license',
  'license-revocation',
  'evidence',
  'capture',
  'entry',
] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

export const CERTIFICATE_TITLES: Readonly<Record<CertificateKind, BilingualText>> = {
  work: { zh: '作品登记证书', en: 'Certificate of Work Registration' },
  license: { zh: '作品授权证书', en: 'Certificate of Licence' },
  'license-revocation': { zh: '授权撤销证明', en: 'Certificate of Licence Revocation' },
  evidence: { zh: '电子数据存证证书', en: 'Certificate of Electronic Data Deposit' },
  capture: { zh: '网页取证证书', en: 'Certificate of Web Evidence Capture' },
  entry: { zh: '上链存证证明', en: 'Certificate of Chain Entry' },
};

export const LABELS = {
  registrationNumber: { zh: '登记号', en: 'Registration No.' },
  licenseNumber: { zh: '授权编号', en: 'Licence No.' },
  title: { zh: '作品名称', en: 'Title' },
  workType: { zh: '作品类别', en: 'Type of work' },
  authors: { zh: '作者', en: 'Authors' },
  rightsHolder: { zh: '著作权人', en: 'Rights holder' },
  creationDate: { zh: '创作完成日期', en: 'Date of creation' },
  firstPublication: { zh: '首次发表', en: 'First publication' },
  licenseStatement: { zh: '权利声明', en: 'Licence statement' },
  fileName: { zh: '文件名', en: 'File name' },
  fileSize: { zh: '文件大小', en: 'File size' },
  licensor: { zh: '授权方', en: 'Licensor' },
  licensee: { zh: '被授权方', en: 'Licensee' },
  licensedWork: { zh: '授权作品', en: 'Licensed work' },
  scope: { zh: '授权范围', en: 'Scope' },
  territory: { zh: '授权地域', en: 'Territory' },
  term: { zh: '授权期限', en: 'Term' },
  exclusivity: { zh: '授权性质', en: 'Exclusivity' },
  licenseeDomains: { zh: '被授权域名', en: 'Licensee domains' },
  licenseeApps: { zh: '被授权应用', en: 'Licensee apps' },
  revokedLicense: { zh: '撤销的授权', en: 'Revoked licence' },
  reason: { zh: '原因', en: 'Reason' },
  description: { zh: '说明', en: 'Description' },
  registrant: { zh: '提交单位', en: 'Submitted by' },
  entryType: { zh: '记录类型', en: 'Entry type' },
  digest: { zh: '数字摘要', en: 'Digest' },
  chain: { zh: '区块链', en: 'Chain' },
  origin: { zh: '链标识', en: 'Chain origin' },
  index: { zh: '记录序号', en: 'Entry index' },
  entryTime: { zh: '上链时间', en: 'Time on chain' },
  leafHash: { zh: '叶哈希', en: 'Leaf hash' },
  treeSize: { zh: '检查点树大小', en: 'Checkpoint tree size' },
  rootHash: { zh: '检查点根哈希', en: 'Checkpoint root hash' },
  sequencer: { zh: '排序节点签名', en: 'Signed by sequencer' },
  cosigners: { zh: '见证节点联署', en: 'Cosigned by witnesses' },
  quorum: { zh: '联署门限（独立见证机构数）', en: 'Quorum (independent witnesses)' },
  witnessingOrganisations: {
    zh: '独立见证机构（不含排序机构自身）',
    en: "Independent witnessing organisations (the sequencer's own not counted)",
  },
  contentCodes: { zh: '内容标识码', en: 'Content codes' },
  similar: { zh: '在先相似登记', en: 'Earlier similar registrations' },
  noSimilar: { zh: '未发现在先相似登记', en: 'No earlier similar registration found' },
  verifyUrl: { zh: '核验地址', en: 'Verify at' },
  issuedAt: { zh: '出具时间', en: 'Issued' },
  subjectSection: { zh: '登记事项', en: 'Particulars' },
  chainSection: { zh: '上链信息', en: 'Record on the chain' },
  witnessSection: { zh: '见证联署', en: 'Witness cosignatures' },
  noWitnesses: { zh: '本链未设见证节点', en: 'This chain has no witnesses' },
  verifiedStatement: {
    zh: '本证书所载记录已由联盟链收录，并经排序节点签名及见证节点联署，任何人可依联盟信任文件离线核验。',
    en: 'The record on this certificate is included in the consortium chain under a checkpoint signed by its sequencer and cosigned by its witnesses; anyone can verify it offline against the consortium trust file.',
  },
  similarity: { zh: '相似度', en: 'similarity' },
  basisContentCode: { zh: '内容码', en: 'content code' },
  basisPdq: { zh: '图像感知哈希', en: 'PDQ image hash' },
  basisText: { zh: '文本相似度', en: 'text similarity' },
} as const satisfies Record<string, BilingualText>;

export type LabelKey = keyof typeof LABELS;
