// Asking at a terminal: a line of text (a confirmation), or a passphrase without echo. Ctrl-C and
// Ctrl-D (end of input) at a prompt reject with PromptCancelled, after putting the terminal back
// as it was (readline's raw mode off); the command stops there (runCli says so, exit 1).
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/** The person left the prompt: Ctrl-C, or Ctrl-D / the end of the input. */
export class PromptCancelled extends Error {
  constructor(readonly how: 'Ctrl-C' | 'end of input') {
    super(`cancelled at the prompt (${how})`);
    this.name = 'PromptCancelled';
  }
}

function ask(question: string, hidden: boolean): Promise<string> {
  let muted = false;
  // The hidden prompt: readline echoes into this stream, which drops everything after the question.
  const output = hidden
    ? new Writable({
        write(chunk: Buffer, _enc, done) {
          if (!muted) process.stderr.write(chunk);
          done();
        },
      })
    : process.stderr;
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    const settle = (answer: string | PromptCancelled) => {
      if (settled) return;
      settled = true;
      rl.close(); // raw mode off, stdin paused (emits 'close' again: ignored)
      if (hidden || answer instanceof PromptCancelled) process.stderr.write('\n');
      if (answer instanceof PromptCancelled) reject(answer);
      else resolve(answer);
    };
    // In raw mode Ctrl-C is a key, not a signal: without this listener readline only pauses.
    rl.on('SIGINT', () => settle(new PromptCancelled('Ctrl-C')));
    rl.on('close', () => settle(new PromptCancelled('end of input')));
    rl.question(question, (answer) => settle(hidden ? answer : answer.trim()));
    muted = hidden;
  });
}

/** A passphrase from the terminal, not echoed. */
export function promptHidden(question: string): Promise<string> {
  return ask(question, true);
}

/** One line of text from the terminal (echoed), e.g. a confirmation. */
export function promptLine(question: string): Promise<string> {
  return ask(question, false);
}
