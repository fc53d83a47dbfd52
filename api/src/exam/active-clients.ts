import { Injectable } from '@nestjs/common';

interface Holder {
  clientId: string;
  socketId: string;
  disconnect: () => void;
}

/**
 * Which client instance holds each attempt on this process right now: one connected socket per attempt.
 * A second window (another client id) is refused while the holder is connected; the same client id (a
 * reload) replaces the old socket. When the holder is gone, another machine may take over (a spare seat).
 */
/** The sockets of an attempt's socket.io room on every API process (through the Redis adapter when there is one). */
export interface RemoteHolder {
  id: string;
  clientId: string | null;
  disconnect(): void;
}
type RoomSockets = (attemptId: string) => Promise<RemoteHolder[]>;

@Injectable()
export class ActiveClients {
  private readonly holders = new Map<string, Holder>();
  private roomSockets: RoomSockets | null = null;

  /** The candidates' gateway tells how to list an attempt's sockets across processes. */
  attach(roomSockets: RoomSockets): void {
    this.roomSockets = roomSockets;
  }

  /**
   * The attempt's sockets on any process (several API processes behind a load balancer): those of another
   * client id, and those of this one (a reload that reached another process).
   */
  async holdersAnywhere(
    attemptId: string,
    clientId: string,
    exceptSocketId?: string,
  ): Promise<{ others: RemoteHolder[]; same: RemoteHolder[] }> {
    const sockets = this.roomSockets ? await this.roomSockets(attemptId) : [];
    const live = sockets.filter((s) => s.id !== exceptSocketId);
    return {
      others: live.filter((s) => s.clientId !== clientId),
      same: live.filter((s) => s.clientId === clientId),
    };
  }

  /** Is another client instance than `clientId` connected for the attempt? */
  heldByOther(attemptId: string, clientId: string): boolean {
    const holder = this.holders.get(attemptId);
    return !!holder && holder.clientId !== clientId;
  }

  /** Takes the attempt for this socket, disconnecting an older socket of the same client; false if another client holds it. */
  claim(attemptId: string, holder: Holder): boolean {
    const current = this.holders.get(attemptId);
    if (current && current.clientId !== holder.clientId) return false;
    if (current && current.socketId !== holder.socketId) current.disconnect();
    this.holders.set(attemptId, holder);
    return true;
  }

  release(attemptId: string, socketId: string): void {
    if (this.holders.get(attemptId)?.socketId === socketId) this.holders.delete(attemptId);
  }

  /** Disconnects whoever holds the attempt (the invigilator unlocks it, or the attempt closed). */
  evict(attemptId: string): void {
    const holder = this.holders.get(attemptId);
    if (!holder) return;
    this.holders.delete(attemptId);
    holder.disconnect();
  }

  get size(): number {
    return this.holders.size;
  }
}
