/** The boundaries of DESIGN.md, checked by `npm run lint`. */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-ports-only',
      comment: 'The core knows ports and the desk config types, never the store, HTTP, adapters or SDKs.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^(src/(store|http|scheduler)|adapters)/' },
    },
    {
      name: 'core-no-platform-sdks',
      severity: 'error',
      from: { path: '^src/core/' },
      to: {
        path: 'node_modules/(@slack|discord\\.js|botbuilder|botframework-|drizzle-orm|pg|@electric-sql|fastify|agenda)',
      },
    },
    {
      name: 'adapters-never-touch-the-store',
      comment: 'Adapters talk to the core through its services and ports; SQL stays in src/store.',
      severity: 'error',
      from: { path: '^adapters/' },
      to: { path: '^src/store/|node_modules/(drizzle-orm|pg|@electric-sql)' },
    },
    {
      name: 'adapters-use-the-core-entry',
      comment: "Adapters reach the core through src/core/index.ts only, never a capability's internals.",
      severity: 'error',
      from: { path: '^adapters/' },
      to: { path: '^src/core/', pathNot: '^src/core/index\\.ts$' },
    },
    {
      name: 'ports-import-nothing-of-ours',
      comment:
        'Ports are the vocabulary everyone shares: they depend on nothing of the core, config or adapters.',
      severity: 'error',
      from: { path: '^src/ports/' },
      to: { path: '^(src|adapters)/', pathNot: '^src/ports/' },
    },
    {
      name: 'slack-sdk-only-in-its-adapter',
      comment: 'Only adapters/slack knows Slack: Bolt, the Web API client and Socket Mode.',
      severity: 'error',
      from: { pathNot: '^adapters/slack/' },
      to: { path: 'node_modules/@slack/' },
    },
    {
      name: 'teams-sdk-only-in-its-adapter',
      comment:
        'Only adapters/teams knows botbuilder (archived upstream): moving to its successor touches one folder.',
      severity: 'error',
      from: { pathNot: '^adapters/teams/' },
      to: { path: 'node_modules/(botbuilder|botframework-)' },
    },
    {
      name: 'discord-sdk-only-in-its-adapter',
      comment: 'Only adapters/discord knows discord.js and its REST and gateway packages.',
      severity: 'error',
      from: { pathNot: '^adapters/discord/' },
      to: { path: 'node_modules/(discord\\.js|@discordjs/)' },
    },
    {
      name: 'http-never-touches-the-store',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: '^src/store/|node_modules/(drizzle-orm|pg|@electric-sql)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
