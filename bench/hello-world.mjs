// The machine's own ceiling: the smallest Express 5 app, run as a child like the service (plain JS, so it
// runs alike with and without tsx).
import express from 'express'

const app = express()
app.disable('x-powered-by')
app.get('/', (_req, res) => {
  res.json({ hello: 'world' })
})
app.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' })
})
const server = app.listen(Number(process.env.PORT ?? 0))
process.once('SIGTERM', () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
})
