import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// The TypeScript compiler reads the files (ts.sys), so this test needs no Node types and type-checks with the
// renderer's own config. Every import counts, `import type` and `export … from` included: a type-only cycle still
// ties the modules together for whoever reads or moves them.

const root = ts.sys.getCurrentDirectory().replace(/\\/g, '/')
const options: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  resolveJsonModule: true,
  jsx: ts.JsxEmit.ReactJSX
}
const resolutions = ts.createModuleResolutionCache(root, (name) => name, options)

/** Every module specifier a file names: static and dynamic imports, re-exports, `import('…')` types. */
function specifiersOf(file: string): string[] {
  const source = ts.createSourceFile(file, ts.sys.readFile(file) ?? '', ts.ScriptTarget.Latest)
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text)
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      found.push(node.moduleReference.expression.text)
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text)
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/** The project's own modules under `folder` and, for each, the project files it imports (packages left out). */
function importGraph(folder: string): Map<string, string[]> {
  const files = ts.sys.readDirectory(`${root}/${folder}`, ['.ts', '.tsx', '.mts', '.cts']).map((f) => f.replace(/\\/g, '/'))
  const graph = new Map<string, string[]>()
  for (const file of files) {
    const targets = new Set<string>()
    for (const specifier of specifiersOf(file)) {
      const resolved = ts.resolveModuleName(specifier, file, options, ts.sys, resolutions).resolvedModule
      if (resolved && !resolved.isExternalLibraryImport) targets.add(resolved.resolvedFileName.replace(/\\/g, '/'))
    }
    graph.set(
      file,
      [...targets].filter((target) => target.startsWith(`${root}/src/`))
    )
  }
  return graph
}

/** A cycle: the files around one loop (the first repeated at the end), and how many files its knot ties in all. */
interface Cycle {
  loop: string[]
  knot: number
}

/** One cycle per strongly connected group of files (a file importing itself is one too). */
function cyclesOf(graph: Map<string, string[]>): Cycle[] {
  // Tarjan's algorithm: every strongly connected group of two or more files, or a file importing itself, is a cycle.
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const groups: string[][] = []
  const connect = (file: string): void => {
    index.set(file, index.size)
    low.set(file, index.get(file)!)
    stack.push(file)
    onStack.add(file)
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        connect(next)
        low.set(file, Math.min(low.get(file)!, low.get(next)!))
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!))
      }
    }
    if (low.get(file) !== index.get(file)) return
    const group: string[] = []
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member)
      group.push(member)
      if (member === file) break
    }
    if (group.length > 1 || (graph.get(file) ?? []).includes(file)) groups.push(group)
  }
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) connect(file)
  return groups.map((group) => ({ loop: shortestLoop(graph, new Set(group)), knot: group.length }))
}

/** One concrete loop inside a strongly connected group, found breadth-first from its first file (by name). */
function shortestLoop(graph: Map<string, string[]>, group: Set<string>): string[] {
  const start = [...group].sort()[0]!
  const cameFrom = new Map<string, string>()
  const queue = [start]
  for (let at = queue.shift(); at !== undefined; at = queue.shift()) {
    for (const next of graph.get(at) ?? []) {
      if (!group.has(next)) continue
      if (next === start) {
        const loop = [start]
        for (let back: string | undefined = at; back !== undefined && back !== start; back = cameFrom.get(back)) loop.splice(1, 0, back)
        return [...loop, start]
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, at)
        queue.push(next)
      }
    }
  }
  return [start, start]
}

/** `a → b → a`, plus how many files are tied when fixing that loop would not undo the whole knot. */
const described = (cycles: Cycle[]): string[] =>
  cycles.map(({ loop, knot }) => {
    const path = loop.map((file) => file.slice(root.length + 1)).join(' → ')
    return knot > loop.length - 1 ? `${path} (one loop of ${knot} files tied together)` : path
  })

describe('the import graph', () => {
  it('names the files around each cycle, and none outside it', () => {
    const file = (name: string): string => `${root}/src/${name}.ts`
    const graph = new Map([
      [file('a'), [file('b')]],
      [file('b'), [file('c')]],
      [file('c'), [file('a'), file('d')]],
      [file('d'), []],
      [file('e'), [file('e')]],
      [file('f'), [file('g')]],
      [file('g'), [file('f'), file('h')]],
      [file('h'), [file('g')]]
    ])
    expect(described(cyclesOf(graph))).toEqual([
      'src/a.ts → src/b.ts → src/c.ts → src/a.ts',
      'src/e.ts → src/e.ts',
      'src/f.ts → src/g.ts → src/f.ts (one loop of 3 files tied together)'
    ])
  })

  it('reads real imports, type-only ones included, and leaves packages out', () => {
    // call-or-report.ts: `import type` from the contract, then the API client and the error store.
    const renderer = `${root}/src/renderer/src`
    expect(importGraph('src/renderer/src').get(`${renderer}/stores/call-or-report.ts`)).toEqual([
      `${root}/src/shared/api.contract.ts`,
      `${renderer}/api/api-client.ts`,
      `${renderer}/stores/errors.store.ts`
    ])
  })

  // The renderer's stores tell each other things through stores/store-events.ts, so none imports one that imports it.
  it('has no cycle in src/: no module imports, even for a type, one that leads back to it', () => {
    expect(described(cyclesOf(importGraph('src')))).toEqual([])
  })
})
