namespace CuKhoi.ServiceDefaults.Data;

/// <summary>
/// Instants are stored as UTC microseconds since the Unix epoch (BIGINT): portable
/// between SQLite and PostgreSQL, ordered, and exact in cursors.
/// </summary>
public static class Clock
{
    public static long ToMicros(DateTimeOffset instant) => (instant.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;

    /// <summary>"Now" as stored, from the injected clock (tests move it).</summary>
    public static long Now(TimeProvider time) => ToMicros(time.GetUtcNow());

    public static DateTimeOffset FromMicros(long micros) => new(DateTime.UnixEpoch.Ticks + (micros * 10), TimeSpan.Zero);

    public static Google.Protobuf.WellKnownTypes.Timestamp ToTimestamp(long micros) =>
        Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(FromMicros(micros));

    public static Google.Protobuf.WellKnownTypes.Timestamp? ToTimestamp(long? micros) =>
        micros is null ? null : ToTimestamp(micros.Value);

    public static long ToMicros(Google.Protobuf.WellKnownTypes.Timestamp timestamp) => ToMicros(timestamp.ToDateTimeOffset());
}
