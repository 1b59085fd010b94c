/**
 * Reads one line from the terminal without echoing it (for passwords). Only for an interactive
 * terminal: the caller checks `process.stdin.isTTY` first.
 */
export function readHiddenLine(question: string): Promise<string> {
  const input = process.stdin;
  const output = process.stderr;
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error): void => {
      input.setRawMode(false);
      input.pause();
      input.removeListener('data', onData);
      output.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer): void => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new Error('Cancelled'));
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else if (char >= ' ') value += char;
      }
    };
    // Raw mode before the question, so that nothing typed after it is echoed.
    input.setRawMode(true);
    output.write(question);
    input.resume();
    input.on('data', onData);
  });
}
