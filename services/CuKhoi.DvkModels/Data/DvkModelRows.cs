using System.Text.Encodings.Web;
using System.Text.Json;
using CuKhoi.DvkModels.Domain;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.ServiceDefaults.Data;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.ServiceDefaults.Text;

namespace CuKhoi.DvkModels.Data;

/// <summary>
/// One row of a model joined with one of its recognitions (Rec* null when it has none).
/// Integer columns are long: SQLite hands every integer back as Int64.
/// </summary>
internal sealed class DvkModelRow
{
    public string Id { get; set; } = "";
    public string Code { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public string OwnerUnit { get; set; } = "";
    public string Field { get; set; } = "";
    public string Topics { get; set; } = "[]";
    public string Description { get; set; } = "";
    public string Objectives { get; set; } = "";
    public string Methods { get; set; } = "";
    public string Results { get; set; } = "";
    public string Beneficiaries { get; set; } = "";
    public string? StartDate { get; set; }
    public long Year { get; set; }
    public string Status { get; set; } = "";
    public long Version { get; set; }
    public long CreateTime { get; set; }
    public long UpdateTime { get; set; }
    public long? DeleteTime { get; set; }
    public string? RecId { get; set; }
    public string? RecLevel { get; set; }
    public string? RecKind { get; set; }
    public long? RecYear { get; set; }
    public string? RecDecisionNumber { get; set; }
    public string? RecDecisionDate { get; set; }
    public string? RecIssuer { get; set; }
    public string? RecNote { get; set; }
    public long? RecCreateTime { get; set; }
}

/// <summary>The columns a write stores, derived from a model: the folded copies and the sort key included.</summary>
internal sealed record DvkModelWrite(
    string Id,
    string Code,
    string Kind,
    string Name,
    byte[] NameSortKey,
    string NameFolded,
    string OwnerUnit,
    string OwnerUnitFolded,
    string Field,
    string Topics,
    string Description,
    string Objectives,
    string Methods,
    string Results,
    string Beneficiaries,
    string TextFolded,
    string? StartDate,
    int Year,
    string Status)
{
    public static DvkModelWrite From(DvkModel model) => new(
        model.Id,
        model.Code,
        EnumNames.Of(model.Kind),
        model.Name,
        VietnameseText.SortKey(model.Name),
        DvkModelMapping.FoldKey(model.Name),
        model.OwnerUnit,
        DvkModelMapping.FoldKey(model.OwnerUnit),
        EnumNames.Of(model.Field),
        JsonSerializer.Serialize(model.Topics.ToList(), DvkModelMapping.Json),
        model.Description,
        model.Objectives,
        model.Methods,
        model.Results,
        model.Beneficiaries,
        // The searchable body per the contract: description, methods and results.
        DvkModelMapping.FoldKey($"{model.Description}\n{model.Methods}\n{model.Results}"),
        CalendarDates.TryGet(model.StartDate, out var start) ? CalendarDates.ToIso(start) : null,
        model.Year,
        EnumNames.Of(model.Status));
}

internal static class DvkModelMapping
{
    // Topics are stored as readable JSON ("tôn giáo", not "t\u00f4n gi\u00e1o"); never rendered as HTML.
    public static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Folded text with runs of whitespace collapsed: the form stored for search and equality.</summary>
    public static string FoldKey(string? text) =>
        string.Join(' ', VietnameseText.Fold(text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Rows of the model-with-recognition join → models, in the order the rows first name them.</summary>
    public static List<DvkModel> ToModels(IEnumerable<DvkModelRow> rows)
    {
        var models = new List<DvkModel>();
        var byId = new Dictionary<string, DvkModel>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!byId.TryGetValue(row.Id, out var model))
            {
                model = ToModel(row);
                byId.Add(row.Id, model);
                models.Add(model);
            }

            if (row.RecId is not null)
            {
                model.Recognitions.Add(ToRecognition(row));
            }
        }

        foreach (var model in models)
        {
            model.HighestLevel = RecognitionRules.HighestLevel(model.Recognitions);
        }

        return models;
    }

    private static DvkModel ToModel(DvkModelRow row)
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
        return model;
    }

    private static Recognition ToRecognition(DvkModelRow row) => new()
    {
        Level = EnumNames.Parse<Recognition.Types.Level>(row.RecLevel!),
        Kind = EnumNames.Parse<Recognition.Types.Kind>(row.RecKind!),
        Year = (int)row.RecYear!.Value,
        DecisionNumber = row.RecDecisionNumber!,
        DecisionDate = CalendarDates.ToDate(CalendarDates.FromIso(row.RecDecisionDate!)),
        Issuer = row.RecIssuer ?? "",
        Note = row.RecNote ?? "",
        CreateTime = Clock.ToTimestamp(row.RecCreateTime!.Value),
    };
}
