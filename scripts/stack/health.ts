import { Connection } from '@temporalio/client';
import { grpc } from '@temporalio/proto';

/** Returns true when an HTTP GET on the URL gets any answer with one of the expected statuses. */
export async function httpAnswers(url: string, expected: number[] = [200]): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return expected.includes(response.status);
  } catch {
    return false;
  }
}

/** Returns true when the Temporal frontend reports itself serving over gRPC health checks. */
export async function temporalServing(address: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 2_000 });
    const response = await connection.healthService.check({});
    return response.status === grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING;
  } catch {
    return false;
  } finally {
    await connection?.close();
  }
}
