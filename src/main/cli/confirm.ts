import { createInterface } from 'node:readline'

/**
 * Asks a yes/no question on the terminal; only `y` or `yes` is yes. Ctrl-C or end of input is no. The question
 * goes to stderr so stdout stays clean for `--json`.
 */
export function confirm(question: string, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stderr): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = createInterface({ input, output, terminal: true })
    let answered = false
    const finish = (answer: boolean): void => {
      if (answered) return
      answered = true
      rl.close()
      resolve(answer)
    }
    rl.on('SIGINT', () => {
      output.write('\n')
      finish(false)
    })
    rl.on('close', () => finish(false))
    rl.question(`${question} [y/N] `, (answer) => finish(/^(y|yes)$/i.test(answer.trim())))
  })
}
