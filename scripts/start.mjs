// `npm start`: the staleness check (build-if-stale.mjs, compiling when dist/ is out of date), then the
// service, in one node process: a second node start-up costs a few hundred milliseconds of a start.
import './build-if-stale.mjs'

await import('../dist/src/main.js')
