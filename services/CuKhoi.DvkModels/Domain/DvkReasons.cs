namespace CuKhoi.DvkModels.Domain;

/// <summary>ErrorInfo reasons of this service, beyond the shared <c>Problems.Reasons</c>.</summary>
public static class DvkReasons
{
    /// <summary>A DISTRICT recognition dated on or after 2025-07-01.</summary>
    public const string DistrictLevelAbolished = "DISTRICT_LEVEL_ABOLISHED";

    /// <summary>A transition to RECOGNISED without any recognition on record.</summary>
    public const string RecognitionRequired = "RECOGNITION_REQUIRED";

    /// <summary>A recognition for a SUSPENDED or CLOSED model.</summary>
    public const string NotRecognisable = "MODEL_NOT_RECOGNISABLE";

    /// <summary>A write to a soft-deleted model, or deleting it again.</summary>
    public const string ModelDeleted = "MODEL_DELETED";

    /// <summary>Undelete of a model that is not deleted.</summary>
    public const string ModelNotDeleted = "MODEL_NOT_DELETED";
}
