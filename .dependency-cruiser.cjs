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
    {
      name: 'features-import-each-others-public-modules-only',
      comment:
        "A feature's data access and HTTP surfaces (*.repository, *.pages, *.routes, *.view) are private to it; " +
        'another feature uses its services, policies and the modules it offers (billing/index.ts, mail/enqueue.ts...). ' +
        'A barrel per feature would not do: features depend on each other both ways, and barrels would close circles. ' +
        'The wiring (src/*.ts, src/dev, src/config) may import any module.',
      severity: 'error',
      from: { path: '^src/(accounts|billing|mail|reports|settings|support|voting|control)/' },
      to: {
        path: '^src/(accounts|billing|mail|reports|settings|support|voting|control)/.+[.](repository|pages|routes|view)[.]tsx?$',
        pathNot: '^src/$1/',
      },
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
