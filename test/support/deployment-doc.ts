// Reads docs/deployment.md as a script: the fenced blocks tagged ```sh deploy PARTY (run by that
// party, or by every organisation for `all`), the <!-- deploy copy A:PATH B:PATH --> comments
// (files the parties send each other out of band) and the ```LANG file=PATH blocks (copies of
// files of the repository), in the order they come.

export interface ShellCommand {
  /** The words, quotes removed; operators (`>`, `>>`, `|`, `<<`) as their own words. */
  words: string[];
  /** The text of a here-document (`cat > FILE <<'EOF'`), when the command has one. */
  heredoc?: string;
  /** The command as written, for messages. */
  text: string;
}

export type DeploymentStep =
  | { kind: 'shell'; party: string; commands: ShellCommand[] }
  | { kind: 'copy'; from: { party: string; path: string }; to: { party: string; path: string } }
  | { kind: 'file'; path: string; text: string };

/** Splits a command line into words as sh would for these documents: quotes, escapes, operators. */
export function splitShellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  const push = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unclosed quote in: ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let text = '';
      for (i++; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) i++;
        text += line[i];
      }
      if (i >= line.length) throw new Error(`unclosed quote in: ${line}`);
      word = (word ?? '') + text;
    } else if (c === '\\' && i + 1 < line.length) {
      word = (word ?? '') + line[++i];
    } else if (c === ' ' || c === '\t') {
      push();
    } else if (c === '#' && word === undefined) {
      break;
    } else if ('<>|&'.includes(c)) {
      push();
      const two = line.slice(i, i + 2);
      const operator = ['>>', '<<', '&&'].includes(two) ? two : c;
      words.push(operator);
      i += operator.length - 1;
    } else {
      word = (word ?? '') + c;
    }
  }
  push();
  return words;
}

function parseShellBlock(lines: readonly string[]): ShellCommand[] {
  const commands: ShellCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    let text = lines[i]!;
    while (text.endsWith('\\') && i + 1 < lines.length) text = `${text.slice(0, -1)} ${lines[++i]!.trim()}`;
    const words = splitShellWords(text);
    if (words.length === 0) continue;
    const marker = words.indexOf('<<');
    if (marker < 0) {
      commands.push({ words, text });
      continue;
    }
    const delimiter = words[marker + 1]!;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) body.push(lines[i]!);
    if (i >= lines.length) throw new Error(`here-document ${delimiter} not closed after: ${text}`);
    commands.push({ words: words.slice(0, marker), heredoc: `${body.join('\n')}\n`, text });
  }
  return commands;
}

function parseEndpoint(text: string): { party: string; path: string } {
  const colon = text.indexOf(':');
  if (colon < 1) throw new Error(`deploy copy takes PARTY:PATH, not ${text}`);
  return { party: text.slice(0, colon), path: text.slice(colon + 1) };
}

/** The steps of a deployment document, in order. */
export function parseDeploymentDoc(markdown: string): DeploymentStep[] {
  const steps: DeploymentStep[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const copy = /^<!-- deploy copy (\S+) (\S+) -->$/.exec(line.trim());
    if (copy !== null) {
      steps.push({ kind: 'copy', from: parseEndpoint(copy[1]!), to: parseEndpoint(copy[2]!) });
      continue;
    }
    const fence = /^(\s*)```(\S*)(.*)$/.exec(line);
    if (fence === null) continue;
    const indent = fence[1]!.length;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i]!.trim() !== '```'; i++) body.push(lines[i]!.slice(indent));
    const info = fence[3]!.trim().split(/\s+/);
    const file = info.find((word) => word.startsWith('file='));
    if (fence[2] === 'sh' && info[0] === 'deploy' && info[1] !== undefined) {
      steps.push({ kind: 'shell', party: info[1], commands: parseShellBlock(body) });
    } else if (file !== undefined) {
      steps.push({ kind: 'file', path: file.slice('file='.length), text: `${body.join('\n')}\n` });
    }
  }
  return steps;
}
