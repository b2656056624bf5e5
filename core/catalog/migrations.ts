// Numbered SQL migrations, applied in order at open. The file name's number is the schema
// version it produces: 0001-*.sql takes an empty catalog to version 1, and so on.
const files = import.meta.glob<string>('./migrations/*.sql', {
  query: '?raw',
  import: 'default',
  eager: true,
});

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = Object.entries(files)
  .map(([path, sql]) => {
    const name = path.split('/').pop() ?? path;
    const m = /^(\d{4})-[a-z0-9-]+\.sql$/.exec(name);
    if (!m?.[1]) throw new Error(`catalog migration file name must be NNNN-name.sql: ${name}`);
    return { version: Number(m[1]), name, sql };
  })
  .sort((a, b) => a.version - b.version);

migrations.forEach((m, i) => {
  if (m.version !== i + 1) {
    throw new Error(`catalog migrations must be numbered 1..n without gaps; found ${m.name}`);
  }
});

export const latestSchemaVersion = migrations.length;
