namespace EcsNic.Core.Session;

/// <summary>How -Force, -WhatIf and -Confirm combine for the Remove cmdlets.</summary>
public static class ConfirmationPolicy
{
    /// <summary>
    /// True when the cmdlet should act without calling ShouldProcess: -Force was given, and neither -WhatIf (or
    /// $WhatIfPreference) nor an explicit -Confirm asks for the prompt or the preview. -Force never hides -WhatIf.
    /// </summary>
    public static bool SkipShouldProcess(bool force, bool whatIf, bool confirmRequested) => force && !whatIf && !confirmRequested;
}
