import type { Db } from '../db/connect.js'

/**
 * While no staff account exists, the one line a new operator needs: how to create the first admin,
 * from a checkout and from inside the Docker image alike. Undefined once there is staff.
 */
export async function firstAdminHint(db: Db): Promise<string | undefined> {
  const staff = await db.selectFrom('staff').select('id').limit(1).executeTakeFirst()
  if (staff) return undefined
  return (
    'No staff account yet. Create the first admin with ' +
    '`npm run cli -- staff add you@newsroom.org --role admin`, or in the Docker image ' +
    '`docker exec <container> patronage staff add you@newsroom.org --role admin`; ' +
    'then sign in with a magic link (POST /v1/auth/magic-link).'
  )
}
