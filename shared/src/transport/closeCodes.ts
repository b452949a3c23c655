/** WebSocket close codes the server uses and both front ends understand; never renumber one. */
export const CloseCode = {
  /** The client closed on purpose (hung up, signed out). */
  Normal: 1000,
  /** The server is restarting or being deployed: reconnect now (through the balancer, elsewhere). */
  ServiceRestart: 1012,
  /** A newer connection of the same user or agent took over. */
  Replaced: 4000,
  /** The agent's sign-in ended (signed out elsewhere, deactivated, unknown). */
  SignedOut: 4401,
  /** No such session. */
  UnknownSession: 4404,
  /** The session is over. */
  SessionOver: 4410,
} as const;
