"""The reports' own words, in Italian and English: titles, headings, columns, notes.

The model's words (labels, relationship phrases, values) come from
:mod:`graph_service.domain.vocabulary`, the measures' two-line explanations from
:mod:`graph_service.domain.explanations`; everything else a report says is here, once per
language. A test fails on a key missing in either language, or on placeholders that differ.
"""

from __future__ import annotations

from graph_service.domain.explanations import names_text
from graph_service.domain.vocabulary import Language, label_noun

MESSAGES: dict[Language, dict[str, str]] = {
    "it": {
        # the page
        "dated": "Generato il {date} · versione del grafo {version} ({nodes} nodi, {ties} "
        "relazioni)",
        "as_of": "La rete com'era alla fine del {year}.",
        "how_computed": "Come è stato calcolato",
        "what_it_means": "Cosa significa",
        "what_to_do": "Cosa farne",
        "columns": "Le colonne",
        "footer": "Innovation & Technology Hub, Imprese & Territorio",
        "nothing": "niente da mostrare",
        "first_n": "{title}: i primi {count}",
        "csv_table": "tabella",
        # views and weights
        "view_whole": "l'intera rete",
        "view_firms": "le imprese, legate dai progetti in comune",
        "view_associations": "le associazioni, legate dalle imprese socie di entrambe",
        "weight_none": "tutti i legami contano uguale",
        "weight_declared": "i legami pesano quanto dichiarato sulle relazioni (peso)",
        "weight_shared_projects": "i legami pesano quanto il numero di progetti in comune",
        "weight_investment": "i legami pesano quanto gli euro investiti nei progetti in comune",
        "weight_shared_firms": "i legami pesano quanto il numero di imprese socie di entrambe",
        "view_line": "Vista: {view}; {weight}.",
        "ranked_actors": "In classifica gli attori della rete ({labels}); progetti, temi e "
        "strumenti di finanziamento contano nel calcolo ma non sono in classifica.",
        "ranked_label": "In classifica solo: {label}.",
        "ranked_all": "In classifica tutti i nodi, di ogni tipo.",
        "exact": "Calcolo esatto sull'intera rete, senza campionamento.",
        "sampled": "Stima da {sources} nodi di partenza estratti con seme {seed}",
        "sampled_bound": "; ogni valore dista al più {bound} da quello esatto con "
        "probabilità {confidence}.",
        "sampled_no_bound": ".",
        # common columns
        "col_rank": "posizione",
        "col_id": "id",
        "col_type": "tipo",
        "col_name": "nome",
        "col_score": "punteggio",
        "col_count": "numero",
        "col_year": "anno",
        # centrality
        "measure_degree": "Grado",
        "measure_betweenness": "Intermediazione",
        "measure_closeness": "Vicinanza",
        "measure_eigenvector": "Centralità degli autovettori",
        "measure_pagerank": "PageRank",
        "centrality_title": "{measure}: chi conta nella rete",
        "centrality_heading": "I primi {count} per {measure}",
        "centrality_summary": "{ranked} attori in classifica su {nodes} nodi della rete; "
        "ne sono mostrati {count}.",
        "centrality_empty": "nessun nodo da mettere in classifica",
        "note_score_degree": "la quota degli altri nodi con cui ha un legame diretto (con i "
        "pesi: la somma dei pesi dei suoi legami, divisa per i nodi meno uno)",
        "note_score_betweenness": "la quota dei percorsi più brevi tra altri nodi che passa "
        "di qui (da 0 a 1)",
        "note_score_closeness": "l'inverso della distanza media dagli altri nodi raggiungibili "
        "(1: tutti a un passo)",
        "note_score_eigenvector": "alto se i suoi contatti sono a loro volta molto collegati "
        "(da 0 a 1)",
        "note_score_pagerank": "la quota di tempo che un cammino a caso lungo i legami passa "
        "qui (la somma su tutta la rete fa 1)",
        "method_degree": "Grado: i legami diretti divisi per il numero di nodi meno uno, "
        "sulla rete senza direzioni.",
        "method_betweenness": "Intermediazione di Brandes: la quota dei percorsi più brevi "
        "tra coppie di altri nodi che passano per il nodo, divisa per (n - 1)(n - 2)/2.",
        "method_closeness": "Vicinanza con la correzione di Wasserman e Faust per le reti "
        "fatte di più parti.",
        "method_eigenvector": "Autovettore principale della matrice delle adiacenze (ARPACK), "
        "di lunghezza 1.",
        "method_pagerank": "PageRank con fattore di smorzamento {damping} (la probabilità di "
        "seguire un legame invece di saltare a caso), per iterazione fino a 1e-15.",
        "method_weighted": "Con i pesi, nei percorsi un legame forte conta come un legame "
        "corto (algoritmo di Dijkstra).",
        # communities
        "communities_title": "Comunità della rete",
        "communities_summary": "{count} comunità su {nodes} nodi; modularità {modularity} "
        "(oltre 0,3 i gruppi sono netti).",
        "communities_heading": "Le comunità, dalla più grande",
        "communities_map": "Mappa delle comunità: cerchi grandi quanto la comunità, linee "
        "spesse quanto i legami tra due comunità",
        "communities_sizes": "Dimensione delle comunità",
        "communities_empty": "nessuna comunità: la rete è vuota",
        "community_named": "Comunità {name}",
        "community_numbered": "Comunità {number}",
        "col_community": "comunità",
        "col_size": "nodi",
        "col_makeup": "composizione",
        "col_dominant_association": "associazione prevalente",
        "col_dominant_topic": "tema prevalente",
        "col_dominant_office": "sede prevalente",
        "note_dominant": "quella a cui fa capo la maggior parte di imprese, progetti o "
        "esperti della comunità (quanti, e che quota)",
        "communities_method": "Metodo di Louvain sulla rete senza direzioni (igraph), seme "
        "{seed}, risoluzione {resolution} (sopra 1 comunità più piccole, sotto 1 più grandi).",
        # brokers
        "brokers_title": "Mediatori e punti deboli della rete",
        "brokers_summary": "{components} parti scollegate; la più grande ha {largest} nodi, di "
        "cui {firms} imprese.",
        "brokers_summary_one": "La rete è tutta collegata: {largest} nodi, di cui {firms} imprese.",
        "holes_heading": "Chi mette in contatto mondi diversi (vincolo più basso in testa)",
        "holes_chart": "Vincolo di Burt (più basso = più mediatore)",
        "col_degree": "legami",
        "col_effective_size": "contatti non ridondanti",
        "col_efficiency": "efficienza",
        "col_constraint": "vincolo",
        "note_constraint": "quanto i contatti di un attore sono legati tra loro: basso vuol "
        "dire che collega persone che senza di lui non si parlerebbero",
        "note_effective_size": "i contatti che non si conoscono già tra loro",
        "note_efficiency": "contatti non ridondanti diviso legami (1: nessun contatto ridondante)",
        "roles_heading": "Imprese che fanno da tramite tra partner di progetto, per ruolo",
        "roles_chart": "Volte in cui fa da tramite, per ruolo",
        "roles_empty": "nessuna impresa fa da tramite tra due partner di progetto",
        "col_association": "associazione",
        "col_coordinator": "coordinatore",
        "col_itinerant": "itinerante",
        "col_representative": "rappresentante o guardiano",
        "col_liaison": "di collegamento",
        "col_total": "totale",
        "note_coordinator": "tra due partner della sua stessa associazione",
        "note_itinerant": "tra due partner di un'altra associazione, la stessa per entrambi",
        "note_representative": "tra un partner della sua associazione e uno di un'altra",
        "note_liaison": "tra due partner di due associazioni diverse, nessuna delle quali è la sua",
        "cuts_heading": "Attori la cui uscita spezzerebbe la rete",
        "cuts_empty": "nessuno: l'uscita di un solo attore non spezza la rete",
        "col_component_size": "nodi della sua parte",
        "col_cut_off": "nodi isolati",
        "col_firms_cut_off": "imprese isolate",
        "note_cut_off": "quanti nodi resterebbero scollegati dal grosso della rete",
        "bridges_heading": "Legami la cui rottura spezzerebbe la rete",
        "bridges_empty": "nessuno: ogni legame fa parte di un giro chiuso",
        "col_from": "da",
        "col_to": "a",
        "col_relationship": "relazione",
        "brokers_method": "Vincolo e contatti non ridondanti di Burt nella forma di Borgatti; "
        "ruoli di intermediazione di Gould e Fernandez sulla rete delle imprese legate dai "
        "progetti, raggruppate per associazione; punti e legami di articolazione con "
        "l'algoritmo di Hopcroft e Tarjan. Tutto esatto, senza campionamento.",
        # opportunities
        "opportunities_title": "Collaborazioni da proporre",
        "opportunities_title_firm": "Collaborazioni da proporre a {firm}",
        "opportunities_summary": "{scored} coppie valutate; le {count} migliori qui sotto.",
        "opportunities_heading": "Proposte, dalla più promettente",
        "opportunities_chart": "Punteggio",
        "opportunities_empty": "nessuna proposta: nessuna coppia non legata ha qualcosa in comune",
        "col_firm": "impresa",
        "col_suggested": "proposta",
        "col_kind": "tipo di proposta",
        "col_reasons": "perché",
        "kind_firm": "impresa",
        "kind_project": "progetto",
        "note_opportunity_score": "quanto sono vicini nella rete: cresce con i contatti in "
        "comune, e di più se quei contatti sono pochi e mirati",
        "opportunities_method": "Punteggio: {method}, calcolato su imprese, progetti, temi, "
        "esperti e associazioni; con gli indici di Adamic e Adar e di allocazione delle risorse "
        "un contatto in comune conta di più quanti meno legami ha. Calcolo esatto, senza "
        "campionamento.",
        "index_adamic_adar": "indice di Adamic e Adar",
        "index_resource_allocation": "indice di allocazione delle risorse",
        "index_jaccard": "indice di Jaccard (la quota di contatti in comune)",
        # the bridge to another hub
        "bridge_title": "Il ponte tra {home} e {other}",
        "bridge_apart": "Oggi i due hub distano {distance} passaggi.",
        "bridge_unconnected": "Oggi i due hub non sono collegati.",
        "bridge_summary": "La rete di {home} conta {nodes} nodi, di cui {firms} imprese; "
        "{evaluated} candidati valutati.",
        "paths_heading": "I percorsi più brevi tra i due hub",
        "paths_picture": "Percorsi più brevi tra i due hub",
        "paths_empty": "nessun percorso: gli hub non sono collegati",
        "col_path": "percorso",
        "col_length": "passaggi",
        "col_route": "tragitto",
        "candidates_heading": "Chi legare all'altro hub: le imprese che si avvicinerebbero",
        "candidates_chart": "Imprese che si avvicinerebbero",
        "candidates_empty": "nessun candidato avvicinerebbe delle imprese",
        "col_firms_closer": "imprese avvicinate",
        "col_firms_connected": "imprese collegate per la prima volta",
        "note_firms_connected": "imprese oggi senza alcun percorso verso l'altro hub, che ne "
        "avrebbero uno",
        "col_mean_gain": "passaggi risparmiati in media",
        "col_current_distance": "distanza attuale dall'altro hub",
        "col_alike": "equivalenti",
        "col_example": "esempio",
        "note_firms_closer": "le imprese della rete che arriverebbero all'altro hub in meno "
        "passaggi di oggi",
        "note_mean_gain": "di quanti passaggi in media si accorcerebbe il loro percorso",
        "note_current_distance": "quanti passaggi separano oggi il candidato dall'altro hub",
        "note_alike": "altri nodi con esattamente gli stessi legami, che andrebbero bene "
        "allo stesso modo",
        "note_example": "il percorso dell'impresa che ci guadagna di più, con il nuovo legame "
        "proposto in fondo",
        "bridge_method": "Distanze in passaggi nella rete senza direzioni (ricerca in "
        "ampiezza); ogni candidato provato come nuovo legame diretto con l'altro hub. Calcolo "
        "esatto.",
        "proposed": "nuovo legame proposto",
        # statistics
        "stats_title": "La rete in cifre",
        "stats_heading": "La rete oggi",
        "stats_growth": "Crescita anno per anno",
        "stats_growth_empty": "nessun progetto ha un anno",
        "col_metric": "misura",
        "col_value": "valore",
        "metric_nodes": "nodi",
        "metric_relationships": "relazioni",
        "metric_ties": "legami (coppie di nodi collegate)",
        "metric_density": "densità",
        "metric_components": "parti scollegate",
        "metric_largest": "nodi della parte più grande",
        "metric_isolated": "nodi senza legami",
        "metric_clustering": "coefficiente di aggregazione medio",
        "by_label": "Nodi per tipo",
        "by_type": "Relazioni per tipo",
        "stats_method": "Conteggi esatti sull'intera rete. Legami, densità, parti e "
        "aggregazione sono quelli della rete senza direzioni; la crescita è la rete com'era "
        "alla fine di ogni anno, senza i progetti degli anni successivi.",
        # comparison
        "compare_title": "Com'è cambiata la rete dal {first} al {second}",
        "compare_summary": "{firms} imprese nuove e {ties} nuovi legami tra imprese; {merged} "
        "comunità nate da un'unione, {split} comunità divise.",
        "new_firms_heading": "Imprese entrate nella rete (primo progetto dopo il {first})",
        "new_firms_empty": "nessuna impresa nuova",
        "col_first_year": "anno del primo progetto",
        "col_projects": "progetti",
        "new_ties_heading": "Nuovi legami tra imprese (progetti in comune)",
        "new_ties_empty": "nessun legame nuovo",
        "risers_heading": "Chi è salito e chi è sceso ({measure})",
        "risers_chart": "Variazione del punteggio",
        "risers_empty": "nessun cambiamento",
        "col_before": "{year}",
        "col_after": "{year}",
        "col_change": "variazione",
        "col_rank_before": "posizione {year}",
        "col_rank_after": "posizione {year}",
        "changes_heading": "Comunità unite o divise",
        "changes_empty": "nessuna comunità si è unita o divisa",
        "col_change_kind": "cosa è successo",
        "col_communities_before": "comunità {year}",
        "col_communities_after": "comunità {year}",
        "change_merged": "unione",
        "change_split": "divisione",
        "compare_method": "La rete alla fine di ciascun anno (progetti degli anni successivi "
        "tolti); un'impresa entra con il suo primo progetto. Punteggi {measure} calcolati "
        "sulle due reti e confrontati. Due comunità si uniscono quando la maggior parte dei "
        "membri di entrambe finisce nella stessa; una si divide quando almeno due parti, "
        "ciascuna di almeno un quinto dei membri, finiscono in comunità diverse.",
    },
    "en": {
        "dated": "Generated on {date} · graph version {version} ({nodes} nodes, {ties} "
        "relationships)",
        "as_of": "The network as it stood at the end of {year}.",
        "how_computed": "How this was computed",
        "what_it_means": "What it means",
        "what_to_do": "What to do with it",
        "columns": "The columns",
        "footer": "Innovation & Technology Hub, Imprese & Territorio",
        "nothing": "nothing to show",
        "first_n": "{title}: the first {count}",
        "csv_table": "table",
        "view_whole": "the whole network",
        "view_firms": "firms, tied by the projects they share",
        "view_associations": "associations, tied by the firms that are members of both",
        "weight_none": "every tie counts the same",
        "weight_declared": "ties weigh what their relationships declare (weight)",
        "weight_shared_projects": "ties weigh the number of projects shared",
        "weight_investment": "ties weigh the euros invested in the projects shared",
        "weight_shared_firms": "ties weigh the number of firms that are members of both",
        "view_line": "View: {view}; {weight}.",
        "ranked_actors": "Ranked: the network's actors ({labels}); projects, topics and "
        "funding instruments count in the computation but are not ranked.",
        "ranked_label": "Ranked: {label} only.",
        "ranked_all": "Ranked: every node, of every kind.",
        "exact": "Exact, over the whole network, not sampled.",
        "sampled": "Estimated from {sources} source nodes drawn with seed {seed}",
        "sampled_bound": "; each value is within {bound} of the exact one with probability "
        "{confidence}.",
        "sampled_no_bound": ".",
        "col_rank": "rank",
        "col_id": "id",
        "col_type": "type",
        "col_name": "name",
        "col_score": "score",
        "col_count": "count",
        "col_year": "year",
        "measure_degree": "Degree",
        "measure_betweenness": "Betweenness",
        "measure_closeness": "Closeness",
        "measure_eigenvector": "Eigenvector centrality",
        "measure_pagerank": "PageRank",
        "centrality_title": "{measure}: who counts in the network",
        "centrality_heading": "The top {count} by {measure}",
        "centrality_summary": "{ranked} actors ranked among the network's {nodes} nodes; "
        "{count} shown.",
        "centrality_empty": "no nodes to rank",
        "note_score_degree": "the share of the other nodes it is tied to directly (with "
        "weights: the sum of its ties' weights, over the nodes less one)",
        "note_score_betweenness": "the share of the shortest paths between other nodes that "
        "run through it (0 to 1)",
        "note_score_closeness": "the inverse of its mean distance to the nodes it reaches (1: "
        "all one step away)",
        "note_score_eigenvector": "high when its contacts are well connected themselves (0 to 1)",
        "note_score_pagerank": "the share of time a random walk along the ties spends here "
        "(it adds up to 1 over the network)",
        "method_degree": "Degree: direct ties over the number of nodes less one, in the "
        "undirected network.",
        "method_betweenness": "Brandes' betweenness: the share of shortest paths between "
        "pairs of other nodes that run through the node, over (n - 1)(n - 2)/2.",
        "method_closeness": "Closeness with Wasserman and Faust's correction for networks in "
        "several parts.",
        "method_eigenvector": "The leading eigenvector of the adjacency matrix (ARPACK), of "
        "length 1.",
        "method_pagerank": "PageRank with damping {damping} (the probability of following a "
        "tie rather than jumping at random), iterated to 1e-15.",
        "method_weighted": "With weights, a strong tie counts as a short one along paths "
        "(Dijkstra's algorithm).",
        "communities_title": "The network's communities",
        "communities_summary": "{count} communities over {nodes} nodes; modularity "
        "{modularity} (above 0.3 the groups are clear-cut).",
        "communities_heading": "Communities, largest first",
        "communities_map": "Community map: circles sized by the community, lines as thick as "
        "the ties between two communities",
        "communities_sizes": "Community sizes",
        "communities_empty": "no communities: the network is empty",
        "community_named": "{name} community",
        "community_numbered": "Community {number}",
        "col_community": "community",
        "col_size": "nodes",
        "col_makeup": "make-up",
        "col_dominant_association": "main association",
        "col_dominant_topic": "main topic",
        "col_dominant_office": "main office",
        "note_dominant": "the one most of the community's firms, projects or experts are tied "
        "to (how many, and what share)",
        "communities_method": "Louvain's method on the undirected network (igraph), seed "
        "{seed}, resolution {resolution} (above 1 smaller communities, below 1 larger ones).",
        "brokers_title": "The network's brokers and weak points",
        "brokers_summary": "{components} disconnected parts; the largest has {largest} nodes, "
        "{firms} of them firms.",
        "brokers_summary_one": "The network is all in one piece: {largest} nodes, {firms} of "
        "them firms.",
        "holes_heading": "Who connects different circles (least constrained first)",
        "holes_chart": "Burt's constraint (lower = more of a broker)",
        "col_degree": "ties",
        "col_effective_size": "non-redundant contacts",
        "col_efficiency": "efficiency",
        "col_constraint": "constraint",
        "note_constraint": "how tied an actor's contacts are to each other: low means it "
        "links people who would not talk without it",
        "note_effective_size": "the contacts that do not already know each other",
        "note_efficiency": "non-redundant contacts over ties (1: no redundant contact)",
        "roles_heading": "Firms standing between project partners, by role",
        "roles_chart": "Times it stands between partners, by role",
        "roles_empty": "no firm stands between two project partners",
        "col_association": "association",
        "col_coordinator": "coordinator",
        "col_itinerant": "itinerant",
        "col_representative": "representative or gatekeeper",
        "col_liaison": "liaison",
        "col_total": "total",
        "note_coordinator": "between two partners of its own association",
        "note_itinerant": "between two partners of another association, the same for both",
        "note_representative": "between a partner of its own association and one of another",
        "note_liaison": "between partners of two different associations, neither of them its own",
        "cuts_heading": "Actors whose departure would split the network",
        "cuts_empty": "none: no single actor's departure splits the network",
        "col_component_size": "nodes in its part",
        "col_cut_off": "nodes cut off",
        "col_firms_cut_off": "firms cut off",
        "note_cut_off": "how many nodes would lose touch with the bulk of the network",
        "bridges_heading": "Ties whose loss would split the network",
        "bridges_empty": "none: every tie lies on a closed loop",
        "col_from": "from",
        "col_to": "to",
        "col_relationship": "relationship",
        "brokers_method": "Burt's constraint and effective size in Borgatti's form; Gould and "
        "Fernandez's brokerage roles on the firms tied by shared projects, grouped by "
        "association; articulation points and bridges by Hopcroft and Tarjan's algorithm. All "
        "exact, not sampled.",
        "opportunities_title": "Collaborations to suggest",
        "opportunities_title_firm": "Collaborations to suggest to {firm}",
        "opportunities_summary": "{scored} pairs scored; the best {count} below.",
        "opportunities_heading": "Suggestions, most promising first",
        "opportunities_chart": "Score",
        "opportunities_empty": "no suggestions: no untied pair has anything in common",
        "col_firm": "firm",
        "col_suggested": "suggested",
        "col_kind": "kind of suggestion",
        "col_reasons": "why",
        "kind_firm": "firm",
        "kind_project": "project",
        "note_opportunity_score": "how close they are in the network: it grows with the "
        "contacts they share, the more so when those contacts have few ties",
        "opportunities_method": "Score: {method}, over firms, projects, topics, experts and "
        "associations; with the Adamic-Adar and resource-allocation indices a contact in common "
        "counts the more, the fewer ties it has. Exact, not sampled.",
        "index_adamic_adar": "Adamic and Adar's index",
        "index_resource_allocation": "the resource-allocation index",
        "index_jaccard": "Jaccard's index (the share of contacts in common)",
        "bridge_title": "The bridge between {home} and {other}",
        "bridge_apart": "Today the two hubs are {distance} steps apart.",
        "bridge_unconnected": "Today the two hubs are not connected.",
        "bridge_summary": "The network of {home} holds {nodes} nodes, {firms} of them firms; "
        "{evaluated} candidates evaluated.",
        "paths_heading": "The shortest paths between the two hubs",
        "paths_picture": "Shortest paths between the two hubs",
        "paths_empty": "no path: the hubs are not connected",
        "col_path": "path",
        "col_length": "steps",
        "col_route": "route",
        "candidates_heading": "Whom to tie to the other hub: the firms it would bring closer",
        "candidates_chart": "Firms brought closer",
        "candidates_empty": "no candidate would bring any firm closer",
        "col_firms_closer": "firms brought closer",
        "col_firms_connected": "firms connected for the first time",
        "note_firms_connected": "firms with no path to the other hub today that would have one",
        "col_mean_gain": "steps saved on average",
        "col_current_distance": "distance to the other hub today",
        "col_alike": "alike",
        "col_example": "example",
        "note_firms_closer": "the network's firms that would reach the other hub in fewer "
        "steps than today",
        "note_mean_gain": "how many steps shorter their path would be, on average",
        "note_current_distance": "how many steps separate the candidate from the other hub today",
        "note_alike": "other nodes with exactly the same ties, which would do just as well",
        "note_example": "the path of the firm that gains most, ending with the proposed new tie",
        "bridge_method": "Distances in steps in the undirected network (breadth-first "
        "search); each candidate tried as a new direct tie to the other hub. Exact.",
        "proposed": "proposed new tie",
        "stats_title": "The network in figures",
        "stats_heading": "The network today",
        "stats_growth": "Growth year by year",
        "stats_growth_empty": "no project has a year",
        "col_metric": "measure",
        "col_value": "value",
        "metric_nodes": "nodes",
        "metric_relationships": "relationships",
        "metric_ties": "ties (pairs of nodes joined)",
        "metric_density": "density",
        "metric_components": "disconnected parts",
        "metric_largest": "nodes in the largest part",
        "metric_isolated": "nodes without ties",
        "metric_clustering": "mean clustering coefficient",
        "by_label": "Nodes by kind",
        "by_type": "Relationships by type",
        "stats_method": "Exact counts over the whole network. Ties, density, parts and "
        "clustering are those of the undirected network; the growth is the network as it "
        "stood at the end of each year, later projects removed.",
        "compare_title": "How the network changed from {first} to {second}",
        "compare_summary": "{firms} new firms and {ties} new ties between firms; {merged} "
        "communities born of a merger, {split} communities split.",
        "new_firms_heading": "Firms that joined the network (first project after {first})",
        "new_firms_empty": "no new firm",
        "col_first_year": "year of first project",
        "col_projects": "projects",
        "new_ties_heading": "New ties between firms (shared projects)",
        "new_ties_empty": "no new tie",
        "risers_heading": "Who rose and who fell ({measure})",
        "risers_chart": "Change in score",
        "risers_empty": "no change",
        "col_before": "{year}",
        "col_after": "{year}",
        "col_change": "change",
        "col_rank_before": "rank {year}",
        "col_rank_after": "rank {year}",
        "changes_heading": "Communities that merged or split",
        "changes_empty": "no community merged or split",
        "col_change_kind": "what happened",
        "col_communities_before": "communities {year}",
        "col_communities_after": "communities {year}",
        "change_merged": "merger",
        "change_split": "split",
        "compare_method": "The network at the end of each year (later years' projects "
        "removed); a firm joins with its first project. {measure} scores computed on both "
        "networks and compared. Two communities merge when most members of both end up in the "
        "same one; one splits when at least two parts, each of at least a fifth of its "
        "members, end up in different ones.",
    },
}


class Words:
    """The reports' words in one language: ``words("key", name=...)``, and the model's."""

    def __init__(self, language: Language) -> None:
        self.language: Language = language
        self._messages = MESSAGES[language]

    def __call__(self, key: str, **values: object) -> str:
        """The message ``key`` with its placeholders filled.

        Examples
        --------
        >>> Words("it")("first_n", title="Punteggio", count=30)
        'Punteggio: i primi 30'
        """
        return self._messages[key].format(**values)

    def label(self, label: str | None, *, many: bool = False) -> str:
        """A label's name for people (``Firm`` → ``impresa``); empty for none."""
        return label_noun(label, self.language, many=many) if label else ""

    def names(self, names: list[str], shown: int = 3) -> str:
        """``A``, ``A e B``, ``A, B e C``, ``A, B, C e altri 2``.

        Examples
        --------
        >>> Words("it").names(["Ascom", "CNA", "LIA", "CIA", "FAI"])
        'Ascom, CNA, LIA e altri 2'
        >>> Words("en").names(["Ascom", "CNA"])
        'Ascom and CNA'
        """
        return names_text(names, self.language, shown)
