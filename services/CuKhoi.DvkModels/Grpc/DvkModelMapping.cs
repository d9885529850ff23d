using System.Text.Encodings.Web;
using System.Text.Json;
using CuKhoi.DvkModels.Data;
using CuKhoi.DvkModels.Domain;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using Google.Protobuf.Collections;

namespace CuKhoi.DvkModels.Grpc;

/// <summary>Rows to messages, and a model's fields onto the row a write stores.</summary>
public static class DvkModelMapping
{
    // Topics are stored as readable JSON ("tôn giáo", not "t\u00f4n gi\u00e1o"); never rendered as HTML.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static DvkModel ToProto(DvkModelRow row)
    {
        var model = new DvkModel
        {
            Id = row.Id,
            Code = row.Code,
            Kind = EnumNames.Parse<DvkModel.Types.Kind>(row.Kind),
            Name = row.Name,
            OwnerUnit = row.OwnerUnit,
            Field = EnumNames.Parse<DvkModel.Types.Field>(row.Field),
            Description = row.Description,
            Objectives = row.Objectives,
            Methods = row.Methods,
            Results = row.Results,
            Beneficiaries = row.Beneficiaries,
            StartDate = row.StartDate is null ? null : CalendarDates.ToDate(CalendarDates.FromIso(row.StartDate)),
            Year = (int)row.Year,
            Status = EnumNames.Parse<DvkModel.Types.Status>(row.Status),
            CreateTime = Clock.ToTimestamp(row.CreateTime),
            UpdateTime = Clock.ToTimestamp(row.UpdateTime),
            DeleteTime = Clock.ToTimestamp(row.DeleteTime),
            Etag = Etags.Of(row.Version),
        };
        model.Topics.AddRange(JsonSerializer.Deserialize<List<string>>(row.Topics, Json) ?? []);
        model.Recognitions.AddRange(row.Recognitions.Select(ToProto));
        model.HighestLevel = RecognitionRules.HighestLevel(model.Recognitions);
        return model;
    }

    public static Recognition ToProto(RecognitionRow row) => new()
    {
        Level = EnumNames.Parse<Recognition.Types.Level>(row.Level),
        Kind = EnumNames.Parse<Recognition.Types.Kind>(row.Kind),
        Year = (int)row.Year,
        DecisionNumber = row.DecisionNumber,
        DecisionDate = CalendarDates.ToDate(CalendarDates.FromIso(row.DecisionDate)),
        Issuer = row.Issuer,
        Note = row.Note,
        CreateTime = Clock.ToTimestamp(row.CreateTime),
    };

    /// <summary>Every name of each enum appears, with 0 where nothing matched, so a report can read any key.</summary>
    public static DvkStatistics ToProto(int year, DvkYearFigures figures)
    {
        var statistics = new DvkStatistics { Year = year, Registered = figures.Registered };
        Fill<DvkModel.Types.Status>(statistics.ByStatus, figures.ByStatus);
        Fill<DvkModel.Types.Field>(statistics.ByField, figures.ByField);
        Fill<Recognition.Types.Level>(statistics.RecognisedByLevel, figures.RecognisedByLevel);
        Fill<DvkModel.Types.Field>(statistics.RecognisedByField, figures.RecognisedByField);
        return statistics;
    }

    /// <summary>A new model's row: version 1, created now, with the model's id and status.</summary>
    public static DvkModelRow ToNewRow(DvkModel model, long now)
    {
        var row = new DvkModelRow
        {
            Id = model.Id,
            Status = EnumNames.Of(model.Status),
            Version = 1,
            CreateTime = now,
            UpdateTime = now,
        };
        ApplyTo(row, model);
        return row;
    }

    /// <summary>Copies the editable fields of a (validated) model onto the row.</summary>
    public static void ApplyTo(DvkModelRow row, DvkModel model)
    {
        row.Code = model.Code;
        row.Kind = EnumNames.Of(model.Kind);
        row.Name = model.Name;
        row.OwnerUnit = model.OwnerUnit;
        row.Field = EnumNames.Of(model.Field);
        row.Topics = JsonSerializer.Serialize(model.Topics.ToList(), Json);
        row.Description = model.Description;
        row.Objectives = model.Objectives;
        row.Methods = model.Methods;
        row.Results = model.Results;
        row.Beneficiaries = model.Beneficiaries;
        row.StartDate = CalendarDates.TryGet(model.StartDate, out var start) ? CalendarDates.ToIso(start) : null;
        row.Year = model.Year;
    }

    /// <summary>A (validated) recognition of a model, recorded now.</summary>
    public static RecognitionRow ToRow(string modelId, Recognition recognition, long now)
    {
        CalendarDates.TryGet(recognition.DecisionDate, out var decisionDate);
        return new RecognitionRow
        {
            Id = Guid.CreateVersion7().ToString("N"),
            ModelId = modelId,
            Level = EnumNames.Of(recognition.Level),
            Kind = EnumNames.Of(recognition.Kind),
            Year = recognition.Year,
            DecisionNumber = recognition.DecisionNumber.Trim(),
            DecisionDate = CalendarDates.ToIso(decisionDate),
            Issuer = recognition.Issuer.Trim(),
            Note = recognition.Note.Trim(),
            CreateTime = now,
        };
    }

    private static void Fill<TEnum>(MapField<string, long> map, IEnumerable<(string Key, long Count)> counts)
        where TEnum : struct, Enum
    {
        foreach (var name in EnumNames.Allowed<TEnum>())
        {
            map[name] = 0;
        }

        foreach (var (key, count) in counts)
        {
            map[key] = count;
        }
    }
}
