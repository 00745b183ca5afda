// Comfort and accessibility rules: settings, legibility, breaks, locomotion.
export * from './settings.js'
export * from './legibility.js'
export * from './break-reminder.js'
export * from './locomotion.js'
