/// Dossier's own version, as `dossier --version` and the service's
/// `dossier_build_info` metric give it. Raised with each release.
public enum DossierVersion {
    public static let current = "0.13.0"
}
