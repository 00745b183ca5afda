// The pure core, shared by the headset app and the server.
export * from './xapi/types.js'
export * from './xapi/vocabulary.js'
export * from './xapi/builder.js'
export * from './competency/framework.js'
export * from './mastery/bkt.js'
export * from './mastery/levels.js'
export * from './evidence/derive.js'
