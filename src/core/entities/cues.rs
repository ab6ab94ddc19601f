//! The hand-kept word lists the extraction rules read: titles before a
//! person's name, words that head an organisation's or a place's name,
//! nationality adjectives (not entities), well-known organisations, and
//! the small words inside names. Lower case; one entry per line, phrases
//! allowed where a list says so. English, German, French and Spanish.

/// Titles and roles that stand before a person's name ("President",
/// "Ministerpräsident", "le président sortant", "el mandatario").
pub const PERSON_TITLES: &str = "
mr mrs ms miss dr prof sir dame lord lady rev reverend father sister brother
president vice-president premier chancellor minister secretary senator sen
governor gov mayor judge justice king queen prince princess pope cardinal
bishop archbishop rabbi imam sheikh emir sultan ayatollah general gen colonel
col major maj captain capt lieutenant lt sergeant sgt commander admiral
officer chief chairman chairwoman chair director ceo founder co-founder
spokesman spokeswoman spokesperson leader candidate ambassador envoy
deputy representative rep congressman congresswoman councillor councilman
prosecutor attorney lawyer member coach manager striker midfielder defender
goalkeeper player actor actress singer author writer professor economist
analyst correspondent reporter editor presenter host
herr frau präsident präsidentin kanzler kanzlerin bundeskanzler
bundeskanzlerin bundespräsident ministerpräsident ministerpräsidentin
staatspräsident premierminister minister ministerin bürgermeister
oberbürgermeister ob landrat chef chefin vorsitzende vorsitzender sprecher
sprecherin abgeordnete abgeordneter fernsehmoderator moderator millionär
papst könig königin trainer richter richterin
m mme mlle monsieur madame président présidente ministre premier-ministre
maire député députée sénateur sénatrice secrétaire porte-parole chef
candidat candidate dirigeant dirigeante général roi reine pape juge
avocat polémiste informaticien ambassadeur
señor señora sr sra don doña presidente presidenta mandatario mandataria
ministro ministra canciller alcalde alcaldesa diputado diputada senador
senadora secretario secretaria portavoz vocero líder dirigente general rey
reina papa juez jueza vicepresidente vicepresidenta gobernador
gobernadora emprendedor cofundador fundador poeta sacerdote escritor
";

/// Word endings that make a German or compound word a title
/// ("Verkehrsminister", "Finanzministerin", "Staatssekretär").
pub const TITLE_SUFFIXES: &str = "
minister ministerin präsident präsidentin kanzler kanzlerin meister
meisterin sekretär sekretärin sprecher sprecherin vorsitzender
vorsitzende chef chefin direktor direktorin moderator moderatorin
";

/// Words that head (or end) an organisation's name.
pub const ORG_HEADS: &str = "
party ministry department office agency authority bank council commission
committee court university college school institute institution foundation
association federation union league alliance organisation organization
corporation corp inc ltd plc llc co company group holdings airlines airways
industries motors systems technologies partners capital fund trust network
television tv radio press news times post herald tribune journal gazette
guardian telegraph observer chronicle daily mail courier review magazine
club fc team army navy police guard forces force brigade service services
parliament congress senate assembly cabinet government administration
reserve exchange board bureau centre center hospital church mosque
federal national democrats republicans liberal conservatives socialists
communists greens
partei ministerium bank bundesbank gericht bundesgericht amt bundesamt
verband verein gesellschaft gmbh ag kg se stiftung universität hochschule
institut akademie bundestag bundesrat landtag rat kommission zeitung
rundfunk konzern werke stadtwerke union
parti ministère banque conseil commission cour tribunal université
institut fondation association fédération syndicat assemblée sénat
gouvernement agence société sa sarl groupe journal
partido ministerio banco consejo comisión corte tribunal universidad
instituto fundación asociación federación sindicato asamblea senado
congreso gobierno agencia sociedad grupo diario organización iglesia
";

/// German compound endings that name an organisation ("Stadtwerke",
/// "Bundesverfassungsgericht", "Arbeiterpartei").
pub const ORG_SUFFIXES: &str = "
partei ministerium gericht verband gesellschaft stiftung werke bank
kommission konzern zeitung
";

/// Words that head (or end) a place's name.
pub const PLACE_HEADS: &str = "
street st road avenue square bridge river lake sea ocean gulf bay island
islands mountains mountain mount mt valley desert peninsula coast strait
canal airport station park province state county district region republic
kingdom empire emirates heights hills strip city
straße strasse platz see fluss insel gebirge tal flughafen bahnhof
rue place pont fleuve lac mer île îles montagne aéroport gare république
calle plaza puente río lago mar isla islas montaña aeropuerto estación
república
";

/// Nationality adjectives and peoples (not entities in themselves).
pub const DEMONYMS: &str = "
afghan albanian algerian american angolan argentine argentinian armenian
asian australian austrian azerbaijani bahraini bangladeshi belarusian
belgian bolivian bosnian brazilian british bulgarian burmese cambodian
cameroonian canadian chilean chinese colombian congolese croatian cuban
cypriot czech danish dutch ecuadorian egyptian emirati english eritrean
estonian ethiopian european filipino finnish french georgian german ghanaian
greek guatemalan haitian honduran hungarian icelandic indian indonesian
iranian iraqi irish israeli italian ivorian jamaican japanese jordanian
kazakh kenyan korean kosovar kurdish kuwaiti kyrgyz laotian latvian lebanese
liberian libyan lithuanian macedonian malagasy malaysian malian maltese
mexican moldovan mongolian moroccan mozambican namibian nepalese nigerian
nigerien norwegian omani pakistani palestinian panamanian paraguayan persian
peruvian polish portuguese qatari romanian russian rwandan saudi scottish
senegalese serbian singaporean slovak slovenian somali south african spanish
sri lankan sudanese swedish swiss syrian taiwanese tajik tanzanian thai
tunisian turkish turkmen ugandan ukrainian uruguayan uzbek venezuelan
vietnamese welsh yemeni zambian zimbabwean arab arabic western eastern
northern southern african latin muslim christian jewish catholic protestant
sunni shia shiite islamist islamic
";

/// Organisations news mentions by a short name that no rule would type.
/// One per line, as written.
pub const KNOWN_ORGS: &str = "
UN
U.N.
United Nations
NATO
Nato
EU
European Union
European Commission
European Parliament
European Central Bank
ECB
IMF
International Monetary Fund
World Bank
WHO
World Health Organization
WTO
OPEC
Opec
OSCE
G7
G20
ASEAN
African Union
Arab League
Red Cross
Amnesty International
Human Rights Watch
Greenpeace
Reuters
AP
AFP
DPA
dpa
EFE
ANSA
Bloomberg
BBC
CNN
Fox News
Al Jazeera
Al Arabiya
Xinhua
Tass
TASS
Interfax
Kremlin
White House
Pentagon
Élysée
Elysée
Congress
Senate
Bundestag
Bundesrat
Bundeswehr
Hamas
Hezbollah
Taliban
Islamic State
Labour
Tories
Google
Facebook
Twitter
Instagram
YouTube
Apple
Microsoft
Amazon
Meta
Wikipedia
Wikimedia Foundation
Volkswagen
Siemens
Airbus
Boeing
Gazprom
Rosneft
Renault
Toyota
Onu
ONU
OEA
OTAN
UE
Iglesia
";

/// Places news names that the town list lacks (regions, short forms).
/// One per line, as written.
pub const KNOWN_PLACES: &str = "
US
U.S.
USA
U.S.A.
UK
U.K.
UAE
EE.UU.
EEUU
Gaza
West Bank
Crimea
Donbas
Kashmir
Middle East
Balkans
Caucasus
Sahel
Golan Heights
Europe
Asia
Africa
Latin America
Scandinavia
Siberia
Bavaria
Bayern
Kurdistan
Catalonia
Cataluña
Catalogne
Katalonien
Andalusia
Andalucía
Scotland
Wales
England
Northern Ireland
Hong Kong
Taiwan
Tibet
Brussels
Brüssel
Bruxelles
Bruselas
Wall Street
Silicon Valley
";

/// Small words inside names ("Bank of England", "Organización de los
/// Estados Americanos", "Bashar al-Assad", "Ludwig van Beethoven").
pub const CONNECTORS: &str = "
of de del della di da do dos du von van zu bin ibn al
";

/// Articles inside names, only after one of [`CONNECTORS`] ("of the",
/// "de la", "von der").
pub const SECOND_CONNECTORS: &str = "
the la le los las der den
";

/// Endings of common nouns, not of names ("Cooperación", "Regierung").
pub const NOUN_ENDINGS: &str = "
ción sión dad miento tion sion ment ité ung heit keit schaft ismus ismo isme
ance ence ness ship
";

/// Function words that start a sentence and never a name, beyond the
/// stop-word lists ("Read", "Advertisement" are junk lines in pages).
pub const NOT_NAMES: &str = "
read more advertisement photo image video watch listen share related
subscribe follow click tweet copyright home news live update updated
breaking exclusive opinion analysis editorial comment comments sign login
monday tuesday wednesday thursday friday saturday sunday january february
march april may june july august september october november december
montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar
märz juni juli oktober dezember lundi mardi mercredi jeudi vendredi samedi
dimanche janvier février mars avril mai juin juillet août septembre octobre
novembre décembre lunes martes miércoles jueves viernes sábado domingo
enero febrero marzo abril mayo junio julio agosto septiembre octubre
noviembre diciembre
";
