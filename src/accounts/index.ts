/** What other features use from accounts (only modules that import no other feature: no circle). */

export { notePageLocale } from './identity.repository.js'
export { currentStaffRole } from './staff.repository.js'
