// The enrichment module: see Enricher.swift (being written).
