// Fails when a file under src/ is over 300 lines or a function over 80 (part of `npm run lint`).
// Usage: node scripts/check-sizes.mjs [dir]
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'

const MAX_FILE_LINES = 300
const MAX_FUNCTION_LINES = 80

const sourceFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(entry.name) ? [path] : []
  })

const isFunction = (node) =>
  ts.isFunctionDeclaration(node) ||
  ts.isFunctionExpression(node) ||
  ts.isArrowFunction(node) ||
  ts.isMethodDeclaration(node) ||
  ts.isConstructorDeclaration(node) ||
  ts.isGetAccessorDeclaration(node) ||
  ts.isSetAccessorDeclaration(node)

/** A function's own name, its variable's or property's, else the call it is passed to (`pages.get`). */
function nameOf(node) {
  if (ts.isConstructorDeclaration(node)) return `${node.parent.name?.getText() ?? '(class)'}.constructor`
  if (node.name) return node.name.getText()
  const parent = node.parent
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)))
    return parent.name.getText()
  if (parent && ts.isCallExpression(parent)) return `${parent.expression.getText()}(callback)`
  return '(anonymous)'
}

function oversized(path) {
  const text = readFileSync(path, 'utf8')
  const found = []
  const lines = text.split('\n').length
  if (lines > MAX_FILE_LINES)
    found.push({ key: path, what: `file has ${lines} lines (max ${MAX_FILE_LINES})` })
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true)
  const lineOf = (pos) => source.getLineAndCharacterOfPosition(pos).line
  const visit = (node) => {
    if (isFunction(node)) {
      const length = lineOf(node.getEnd()) - lineOf(node.getStart()) + 1
      if (length > MAX_FUNCTION_LINES) {
        const name = nameOf(node)
        found.push({
          key: `${path}#${name}`,
          what: `${name} (line ${lineOf(node.getStart()) + 1}) has ${length} lines (max ${MAX_FUNCTION_LINES})`,
        })
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

const dir = process.argv[2] ?? 'src'
const failures = sourceFiles(dir).flatMap(oversized)
for (const f of failures) console.error(`${f.key.split('#')[0]}: ${f.what}`)
if (failures.length) {
  console.error(`check-sizes: ${failures.length} oversized (split the file or function)`)
  process.exit(1)
}
