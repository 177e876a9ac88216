package sample

import (
	"bytes"
	"fmt"
	"strings"
	"time"
)

// Azure Storage resource logs, as a diagnostic setting writes them to the
// logs storage account: one JSON record per line, one blob per category,
// service and hour.

// storageOp is one request to a storage service.
type storageOp struct {
	t          time.Time
	service    string // blob or file
	account    string
	op         string
	ip         string
	port       int
	uri        string
	objectKey  string
	reqBytes   int64
	respBytes  int64
	status     int
	auth       string
	ua         string
	corr       string
	appID, upn string
}

func (s *storageOp) category() string {
	switch s.op {
	case "GetBlob", "GetFile", "ListBlobs", "GetBlobProperties", "ListFiles", "QueryEntities", "GetMessages":
		return "StorageRead"
	case "DeleteBlob", "DeleteFile":
		return "StorageDelete"
	}
	return "StorageWrite"
}

// caller is CallerIpAddress: "ip:port".
func (s *storageOp) caller() string { return fmt.Sprintf("%s:%d", s.ip, s.port) }

func (w *azWorld) storageResource(s *storageOp) string {
	return "/subscriptions/" + w.sub + "/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/" + s.account + "/" + s.service + "Services/default"
}

func (w *azWorld) storageRecord(s *storageOp) obj {
	statusText := "Success"
	if s.status >= 400 {
		statusText = "ClientOtherError"
	}
	identity := obj{{"type", s.auth}}
	switch s.auth {
	case "AccountKey":
		identity = append(identity, member{"tokenHash", "key1(" + strings.ToUpper(string(appendHex(nil, hashOf(w.seed, hashString(s.account)), 16))) + ")"})
	case "OAuth":
		identity = append(identity, member{"authorization", []obj{{{"action", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"},
			{"principals", []obj{{{"id", w.benignMI.spID}, {"type", "User"}}}}}}})
	}
	props := obj{
		{"accountName", s.account},
		{"userAgentHeader", s.ua},
		{"clientRequestId", s.corr[:18] + "0000"},
		{"serviceType", s.service},
		{"objectKey", s.objectKey},
		{"metricResponseType", statusText},
		{"serverLatencyMs", 3 + s.respBytes/2000000},
		{"requestHeaderSize", 512},
		{"responseHeaderSize", 298},
		{"requestBodySize", s.reqBytes},
		{"responseBodySize", s.respBytes},
		{"contentLengthHeader", s.reqBytes},
		{"tlsVersion", "TLS 1.2"},
	}
	return obj{
		{"time", iso7(s.t)},
		{"resourceId", w.storageResource(s)},
		{"category", s.category()},
		{"operationName", s.op},
		{"operationVersion", "2021-08-06"},
		{"schemaVersion", "1.0"},
		{"statusCode", s.status},
		{"statusText", statusText},
		{"durationMs", 4 + s.respBytes/1000000 + s.reqBytes/1000000},
		{"callerIpAddress", s.caller()},
		{"correlationId", s.corr},
		{"identity", identity},
		{"location", "eastus"},
		{"properties", props},
		{"uri", s.uri},
		{"protocol", "HTTPS"},
		{"resourceType", "Microsoft.Storage/storageAccounts/" + s.service + "Services"},
	}
}

const mib = 1 << 20

// storageTables names the Log Analytics table of each storage service.
var storageTables = map[string]string{"blob": "StorageBlobLogs", "file": "StorageFileLogs", "table": "StorageTableLogs", "queue": "StorageQueueLogs"}

func writeStorage(w *azWorld, o *azOut, scale float64) error {
	r := newRand(w.seed, 0xa2070)
	add := func(s *storageOp) {
		s.corr = randGUID(r)
		s.port = ephemeralPort(r)
		if s.status == 0 {
			s.status = 200
		}
		o.storage = append(o.storage, s)
	}
	// App tier clients: a pool that grows with --scale, so that no single
	// client ever adds up to the hunts' thresholds.
	pool := make([]string, scaled(12, scale))
	for i := range pool {
		pool[i] = ipv4(10, 20, 4+i/250, 10+i%250)
	}
	blobURI := func(acct, container, name string) string {
		return "https://" + acct + ".blob.core.windows.net/" + container + "/" + name
	}
	for i := 0; i < scaled(400, scale); i++ {
		ip := pick(r, pool)
		name := fmt.Sprintf("invoices/2024/03/inv-%06d.pdf", r.IntN(1000000))
		s := &storageOp{t: azRandTime(r), service: "blob", account: "stcontosodata", ip: ip, auth: "SAS",
			ua: "azsdk-python-storage-blob/12.19.0 Python/3.11.6 (Linux-5.15.0-1057-azure-x86_64-with-glibc2.35)"}
		switch k := r.IntN(10); {
		case k < 5:
			s.op, s.respBytes = "GetBlob", logUniform(r, 2000, 400000)
		case k < 7:
			s.op, s.reqBytes = "PutBlob", logUniform(r, 2000, 300000)
			s.status = 201
		case k < 8:
			s.op, s.respBytes = "GetBlobProperties", 0
		default:
			s.op, s.respBytes = "ListBlobs", logUniform(r, 1000, 20000)
			name = "?restype=container&comp=list&prefix=invoices/2024/03/"
		}
		s.uri = blobURI("stcontosodata", "documents", name)
		s.objectKey = "/stcontosodata/documents/" + strings.SplitN(name, "?", 2)[0]
		add(s)
	}
	// File share: people read and create documents.
	for i := 0; i < scaled(160, scale); i++ {
		ip := pick(r, pool)
		// The index keeps names unique: az-file-creation reports each Uri once.
		name := fmt.Sprintf("finance/reports/%s-%06d.xlsx", pick(r, []string{"budget", "forecast", "payroll", "expenses"}), i)
		s := &storageOp{t: azRandTime(r), service: "file", account: "stcontosofiles", ip: ip, auth: "SAS",
			ua:  "Azure-Storage/12.21.0 (.NET 8.0.2; Microsoft Windows 10.0.22631)",
			uri: "https://stcontosofiles.file.core.windows.net/" + name, objectKey: "/stcontosofiles/" + name}
		if r.IntN(4) == 0 {
			s.op, s.status = "CreateFile", 201
		} else {
			s.op, s.respBytes = "GetFile", logUniform(r, 5000, 300000)
		}
		add(s)
	}
	// Table and queue traffic of the order service: small reads and
	// writes, so that every storage table az-file-retrieval unions has rows.
	for i := 0; i < scaled(60, scale); i++ {
		ip := pick(r, pool)
		s := &storageOp{t: azRandTime(r), ip: ip, auth: "SAS", ua: "azsdk-python-data-tables/12.5.0 Python/3.11.6 (Linux-5.15.0-1057-azure-x86_64-with-glibc2.35)"}
		switch r.IntN(4) {
		case 0:
			s.service, s.account, s.op, s.respBytes = "table", "stcontosodata", "QueryEntities", logUniform(r, 500, 20000)
			s.uri = "https://stcontosodata.table.core.windows.net/orders()?$filter=PartitionKey%20eq%20%27" + fmt.Sprint(r.IntN(1000)) + "%27"
		case 1:
			s.service, s.account, s.op, s.reqBytes, s.status = "table", "stcontosodata", "InsertEntity", logUniform(r, 300, 4000), 201
			s.uri = "https://stcontosodata.table.core.windows.net/orders"
		case 2:
			s.service, s.account, s.op, s.respBytes = "queue", "stcontosodata", "GetMessages", logUniform(r, 200, 8000)
			s.uri = "https://stcontosodata.queue.core.windows.net/order-events/messages?numofmessages=32"
		default:
			s.service, s.account, s.op, s.reqBytes, s.status = "queue", "stcontosodata", "PutMessage", logUniform(r, 200, 2000), 201
			s.uri = "https://stcontosodata.queue.core.windows.net/order-events/messages"
		}
		s.objectKey = "/stcontosodata/" + strings.SplitN(strings.SplitN(s.uri, ".net/", 2)[1], "?", 2)[0]
		add(s)
	}
	// The backup runner copies the week's exports every night: the one
	// big benign reader, well under the exfiltration threshold.
	for d := int64(0); d < 7; d++ {
		for k := 0; k < 4; k++ {
			name := fmt.Sprintf("exports/%s/part-%d.parquet", time.Unix(bgStart+d*day, 0).UTC().Format("2006-01-02"), k)
			add(&storageOp{t: time.Unix(bgStart+d*day+2*hour+int64(k)*97, 0).UTC(), service: "blob", account: "stcontosodata",
				op: "GetBlob", ip: "10.20.5.10", auth: "OAuth", respBytes: int64(1400000 + r.IntN(200000)),
				ua: "AzCopy/10.23.0 Linux/5.15.0 amd64", uri: blobURI("stcontosodata", "backups", name), objectKey: "/stcontosodata/backups/" + name})
		}
	}
	// Staging: web-vm-01 uploads a database dump in 4 MiB blocks.
	dump := "db-dump-20240308.tar.gz"
	for k := 0; k < 60; k++ {
		id := fmt.Sprintf("YmxvY2stMDAw%04d", k)
		add(&storageOp{t: azAt(10, 30, 0, 0).Add(time.Duration(k*13) * time.Second), service: "blob", account: "stcontosodata",
			op: "PutBlock", ip: w.webVM.privateIP, auth: "AccountKey", reqBytes: 4 * mib, status: 201,
			ua: "azsdk-go-azblob/v1.3.0 (go1.21.6; linux)", uri: blobURI("stcontosodata", "backup-tmp", dump+"?comp=block&blockid="+id),
			objectKey: "/stcontosodata/backup-tmp/" + dump})
	}
	add(&storageOp{t: azAt(10, 43, 31, 0), service: "blob", account: "stcontosodata", op: "PutBlockList", ip: w.webVM.privateIP,
		auth: "AccountKey", reqBytes: 4800, status: 201, ua: "azsdk-go-azblob/v1.3.0 (go1.21.6; linux)",
		uri: blobURI("stcontosodata", "backup-tmp", dump+"?comp=blocklist"), objectKey: "/stcontosodata/backup-tmp/" + dump})
	// Exfiltration: the dump and the customer files, from outside.
	for k := 0; k < 60; k++ {
		name := fmt.Sprintf("customers/export-%03d.csv.gz", k)
		if k == 0 {
			name = dump
		}
		add(&storageOp{t: azAt(11, 0, 0, 0).Add(time.Duration(k*19) * time.Second), service: "blob", account: "stcontosodata",
			op: "GetBlob", ip: w.exfilIP, auth: "AccountKey", respBytes: int64(4*mib + r.IntN(4*mib)),
			ua: "AzCopy/10.23.0 Windows/10.0 amd64", uri: blobURI("stcontosodata", "backup-tmp", name), objectKey: "/stcontosodata/backup-tmp/" + name})
	}
	// The ransom note dropped on the file share with the stolen key.
	for k, share := range []string{"finance", "hr", "legal"} {
		name := share + "/HOW_TO_RESTORE_FILES.txt"
		add(&storageOp{t: azAt(11, 40, 5+k*3, 0), service: "file", account: "stcontosofiles", op: "CreateFile", ip: w.miIP,
			auth: "AccountKey", status: 201, ua: "Azure-Storage/12.21.0 (.NET 8.0.2; Microsoft Windows 10.0.22631)",
			uri: "https://stcontosofiles.file.core.windows.net/" + name, objectKey: "/stcontosofiles/" + name})
	}

	byTime(o.storage, func(s *storageOp) time.Time { return s.t })
	for _, s := range o.storage {
		o.rows[storageTables[s.service]]++
	}
	// One blob per (category, service, hour), records one per line.
	type blobKey struct {
		category, resource string
		hour               int64
	}
	files := map[blobKey]*bytes.Buffer{}
	var order []blobKey
	for _, s := range o.storage {
		k := blobKey{s.category(), w.storageResource(s), s.t.Truncate(time.Hour).Unix()}
		buf := files[k]
		if buf == nil {
			buf = &bytes.Buffer{}
			files[k] = buf
			order = append(order, k)
		}
		line, err := marshalJSON(w.storageRecord(s), "")
		if err != nil {
			return err
		}
		buf.Write(line)
		buf.WriteByte('\n')
	}
	for _, k := range order {
		path := diagPath(strings.ToLower(k.category), k.resource, time.Unix(k.hour, 0).UTC())
		if err := o.writeFile(path, files[k].Bytes()); err != nil {
			return err
		}
	}
	return nil
}
