using System.Data.Common;
using CuKhoi.DvkModels.Data;
using CuKhoi.DvkModels.Domain;
using CuKhoi.DvkModels.Grpc;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Text;

namespace CuKhoi.DvkModels.Seed;

/// <summary>
/// Loads the sample models once, inside the migration transaction (`Seed:Sample=true`),
/// through the same mapping and inserts as the service. Times are fixed (the morning of each
/// model's start day, the decision day for recognitions), so every load is identical.
/// </summary>
public sealed class DvkSampleSeeder(DvkModelRepository repository) : ISampleSeeder
{
    public async Task SeedAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        foreach (var (model, recognitions) in DvkSampleData.Models())
        {
            await repository.InsertAsync(connection, transaction, DvkModelMapping.ToNewRow(model, MorningOf(model.StartDate)), ct);
            foreach (var recognition in recognitions)
            {
                await repository.InsertRecognitionAsync(connection, transaction, DvkModelMapping.ToRow(model.Id, recognition, MorningOf(recognition.DecisionDate)), ct);
            }
        }
    }

    private static long MorningOf(Google.Type.Date date)
    {
        CalendarDates.TryGet(date, out var day);
        return Clock.ToMicros(VietnamTime.StartOfDay(day).AddHours(8));
    }
}
