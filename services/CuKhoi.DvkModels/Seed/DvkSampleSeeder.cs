using System.Data.Common;
using CuKhoi.DvkModels.Data;
using CuKhoi.DvkModels.Domain;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Text;

namespace CuKhoi.DvkModels.Seed;

/// <summary>
/// Loads the sample models once, inside the migration transaction (`Seed:Sample=true`),
/// through the same inserts as the service. Times are fixed (the morning of each model's
/// start day, the decision day for recognitions), so every load is identical.
/// </summary>
public sealed class DvkSampleSeeder : ISampleSeeder
{
    public async Task SeedAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        foreach (var (model, recognitions) in DvkSampleData.Models())
        {
            var created = MorningOf(model.StartDate);
            await DvkModelRepository.InsertAsync(connection, transaction, model, created, ct);
            foreach (var recognition in recognitions)
            {
                await DvkModelRepository.InsertRecognitionAsync(connection, transaction, model.Id, recognition, MorningOf(recognition.DecisionDate), ct);
            }
        }
    }

    private static long MorningOf(Google.Type.Date date)
    {
        CalendarDates.TryGet(date, out var day);
        return Clock.ToMicros(VietnamTime.StartOfDay(day).AddHours(8));
    }
}
