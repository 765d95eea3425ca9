// The floor of any Node HTTP service on this machine: node:http alone answering GET /healthz's JSON.
import { createServer } from 'node:http'

const body = JSON.stringify({ status: 'ok' })
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length })
  res.end(body)
}).listen(Number(process.env.PORT ?? 0))
process.once('SIGTERM', () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
})
