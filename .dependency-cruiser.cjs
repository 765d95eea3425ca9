// The import graph's rules, checked by `npm run check:shape` (part of `npm run lint`).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import circle, type-only imports included: split the shared part into its own module.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'infrastructure-imports-no-feature',
      comment:
        'db/, http/ and web/ serve every feature and import none (billing, accounts, voting, reports, mail...): ' +
        'the feature hands them what they need, and the top-level files (app.ts, pages.ts, deps.ts) wire them together.',
      severity: 'error',
      from: { path: '^src/(db|http|web)/' },
      to: { path: '^src/(?!(db|http|web)/)[^/]+/' },
    },
  ],
  options: {
    // Type-only imports count: a circle of types is still a circle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
  },
}
